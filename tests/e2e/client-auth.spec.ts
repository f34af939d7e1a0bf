import { expect, test } from "@playwright/test";
import { luhnCheckDigit } from "../../app/lib/personnummer";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsClient } from "./support/auth";

test.describe("client sign-in with test e-ID", () => {
  test("Eva signs in through the local OpenID provider and signs out", async ({ page }) => {
    await page.goto("/me");
    await expect(page).toHaveURL(/^http:\/\/localhost:3101\/interaction\//);
    await expect(page.locator("html")).toHaveAttribute("lang", "sv");
    await expectNoAxeViolations(page);
    await page.getByLabel(/Eva Andersson/).check();
    await page.getByRole("button", { name: "Signera" }).click();

    await expect(page).toHaveURL(/localhost:3100\/me$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hej Eva!");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Inloggad som Eva");
    await expectNoAxeViolations(page);

    await page.getByRole("main").getByRole("button", { name: "Logga ut", exact: true }).click();
    await expect(page).toHaveURL(/localhost:3100\/$/);
    await page.goto("/me");
    await expect(page).toHaveURL(/localhost:3101\/interaction\//);
  });

  test("in English", async ({ page }) => {
    await page.goto("/?lng=en");
    await signInAsClient(page, /Eva Andersson/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello Eva!");
    await expectNoAxeViolations(page);
  });

  test("a person no organisation knows gets a plain page and no session", async ({ page }) => {
    await page.goto("/me");
    const number = `19900315983${luhnCheckDigit("900315983")}`;
    await page.getByLabel(/Annat testpersonnummer/).check();
    await page.getByLabel("Testpersonnummer", { exact: true }).fill(number);
    await page.getByRole("button", { name: "Signera" }).click();
    await expect(page).toHaveURL(/localhost:3100\/auth\/eid\/callback/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vi hittar inget ärende om dig");
    await expectNoAxeViolations(page);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  });

  test("cancelling at the provider gives a clear page", async ({ page }) => {
    await page.goto("/me");
    await page.getByRole("button", { name: "Avbryt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggningen blev inte klar");
    await expectNoAxeViolations(page);
  });
});
