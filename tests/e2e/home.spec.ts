import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";

test.describe("home page", () => {
  test("is Swedish by default, with the shell landmarks and no axe violations", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "sv");
    await expect(page).toHaveTitle("Samsyn – samverkan med samtycke");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samverkan kring en person, med personens samtycke");
    await expect(page.getByRole("banner")).toContainText("Samsyn");
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();
    for (const audience of ["För dig som besöker", "För dig som arbetar i en organisation", "För dig som ärendet gäller"]) {
      await expect(page.getByRole("heading", { name: audience })).toBeVisible();
    }
    await expectNoAxeViolations(page);
  });

  test("offers a skip link as the first stop for the keyboard", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Hoppa till innehållet" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });

  test("is English with ?lng=en, with no axe violations", async ({ page }) => {
    await page.goto("/?lng=en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Working together around one person, with their consent");
    await expectNoAxeViolations(page);
    await expectNoAxeViolations(page);
  });

  test.describe("with an English browser", () => {
    test.use({ locale: "en-GB" });
    test("follows Accept-Language", async ({ page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByRole("link", { name: "Sign in as staff" })).toBeVisible();
    });
  });

  test("leads staff and clients to their sign-in", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Logga in som personal" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logga in som personal");
    await page.goto("/");
    await page.getByRole("link", { name: "Logga in med e-legitimation" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test-e-legitimation");
  });
});

test.describe("language switch", () => {
  test("switches to English and back, and the choice follows to the next page", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Working together around one person, with their consent");

    await page.getByRole("link", { name: "Sign in as staff" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in as staff");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    await page.getByRole("button", { name: "Svenska" }).click();
    await expect(page).toHaveURL(/\/login\?lng=sv$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Logga in som personal");
    await expect(page.locator("html")).toHaveAttribute("lang", "sv");
    await expectNoAxeViolations(page);
  });

  test("works from the keyboard without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: "English" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await context.close();
  });
});
