import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { serverLog } from "./support/server";

test.describe("not found", () => {
  test("answers 404 with a Swedish page and no axe violations", async ({ page }) => {
    const response = await page.goto("/finns/inte");
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle("Sidan finns inte – Samsyn");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
    await expect(page.getByRole("banner")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("is English too", async ({ page }) => {
    const response = await page.goto("/no/such/page?lng=en");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test.describe("unexpected errors", () => {
  test("show a translated message and a reference that is in the server log, never the error", async ({ page }) => {
    const response = await page.goto("/diagnostics/fault");
    expect(response?.status()).toBe(500);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Något gick fel");
    await expect(page.getByTestId("error-reference")).toHaveText(/^Felreferens: [0-9a-f-]{36}$/);
    const reference = (await page.getByTestId("error-reference").textContent())!.replace("Felreferens: ", "");
    expect(reference).toMatch(/^[0-9a-f-]{36}$/);
    expect(response?.headers()["x-request-id"]).toBe(reference);
    await expect(page.locator("body")).not.toContainText("Injected fault");
    const logged = serverLog().find((line) => line.requestId === reference && line.level === "error");
    expect(logged?.error).toContain("Injected fault");
    await expectNoAxeViolations(page);
  });

  test("in English", async ({ page }) => {
    await page.goto("/diagnostics/fault?lng=en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Something went wrong");
    await expect(page.getByTestId("error-reference")).toContainText("Error reference: ");
    await expectNoAxeViolations(page);
  });

  test("after a client-side navigation, the reference is the failed data request's", async ({ page }) => {
    await page.goto("/");
    await page.waitForFunction(() => "__remixRouter" in window);
    const dataResponse = page.waitForResponse((r) => r.url().includes("/diagnostics/fault.data"));
    await page.evaluate(() => (window as any).__remixRouter.navigate("/diagnostics/fault"));
    const requestId = (await dataResponse).headers()["x-request-id"];
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Något gick fel");
    await expect(page.getByTestId("error-reference")).toHaveText(`Felreferens: ${requestId}`);
    await expect.poll(() => serverLog().some((line) => line.requestId === requestId && line.level === "error")).toBe(true);
  });
});
