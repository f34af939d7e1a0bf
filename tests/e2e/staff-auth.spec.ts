import { expect, test } from "@playwright/test";
import { demoPassword } from "../../db/seed";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsStaff, submitDemoTotp, waitForHydration } from "./support/auth";

test.describe("staff sign-in", () => {
  test("password, then a TOTP code; the pages pass axe; sign out ends it", async ({ page }) => {
    await page.goto("/login");
    await expectNoAxeViolations(page);
    await page.getByLabel("E-postadress").fill("sara.lindqvist@berg.samsyn.example");
    await page.getByLabel("Lösenord", { exact: true }).fill(demoPassword);
    await page.getByRole("button", { name: "Fortsätt" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ange kod från din app");
    await expectNoAxeViolations(page);

    // The password alone reaches no staff page.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\/second-factor\?returnTo=%2Faccount$/);

    expect(await submitDemoTotp(page)).toBe(true);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText("Inloggad som Sara Lindqvist");
    await expect(page.getByText("ekonomiskt.bistand@berg.samsyn.example")).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("navigation", { name: "Personalmeny" }).getByRole("link", { name: "Organisationer och enheter" }).click();
    await expect(page.getByRole("heading", { name: "Arbetsförmedlingen", exact: true })).toBeVisible();
    await expect(page.getByText("ostersund@af.samsyn.example")).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("banner").getByRole("button", { name: "Logga ut" }).click();
    await expect(page).toHaveURL(/\/login\?notice=signedOut$/);
    await expect(page.getByRole("status")).toHaveText("Du är utloggad.");
    await page.goto("/directory");
    await expect(page).toHaveURL(/\/login\?returnTo=%2Fdirectory$/);
  });

  test("in English, with no axe violations", async ({ page }) => {
    await page.goto("/login?lng=en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in as staff");
    await expectNoAxeViolations(page);
    await signInAsStaff(page, "maria.nilsson@rjh.samsyn.example");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cases");
    await page.getByRole("navigation", { name: "Staff menu" }).getByRole("link", { name: "My account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
    await expect(page.getByText("Rehab coordinator")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("a wrong password and an unknown address get the same message, in both languages", async ({ page }) => {
    const languages = [
      { query: "", email: "E-postadress", password: "Lösenord", go: "Fortsätt", message: "Fel e-postadress eller lösenord." },
      { query: "?lng=en", email: "E-mail address", password: "Password", go: "Continue", message: "Wrong e-mail address or password." },
    ];
    for (const t of languages) {
      for (const [email, password] of [
        ["ahmed.karimi@berg.samsyn.example", "not the password"],
        ["no.such.person@berg.samsyn.example", demoPassword],
      ]) {
        await page.goto(`/login${t.query}`);
        await page.getByLabel(t.email).fill(email!);
        await page.getByLabel(t.password, { exact: true }).fill(password!);
        await page.getByRole("button", { name: t.go }).click();
        await expect(page.getByRole("alert")).toHaveText(t.message);
        await expect(page).toHaveURL(/\/login(\?|$)/);
      }
      await expectNoAxeViolations(page);
    }
  });

  test("repeated failures from one address make it wait, with 429 and a translated message", async ({ page }) => {
    const email = "karin.sjoberg@fk.samsyn.example";
    const statuses: number[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST" && response.url().includes("/login")) statuses.push(response.status());
    });
    // The first four failures of an account from one address cost no wait (ADR 0006).
    for (let attempt = 0; attempt < 4; attempt++) {
      await page.goto("/login");
      await page.getByLabel("E-postadress").fill(email);
      await page.getByLabel("Lösenord", { exact: true }).fill(`wrong ${attempt}`);
      await page.getByRole("button", { name: "Fortsätt" }).click();
      await expect(page.getByRole("alert")).toBeVisible();
    }
    await page.goto("/login?lng=en");
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(demoPassword);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert")).toHaveText(/^Too many failed attempts from here\. Wait \d+ seconds and try again\.$/);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 4).every((status) => status === 401)).toBe(true);
    await expectNoAxeViolations(page);
  });

  test("a cross-site form post is refused with 403", async ({ request }) => {
    const form = { email: "sara.lindqvist@berg.samsyn.example", password: demoPassword };
    const forged = await request.post("/login", { form, headers: { Origin: "https://evil.example" } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain("The request did not come from Samsyn");
    const headerless = await request.post("/login", { form });
    expect(headerless.status()).toBe(403);
    const sameOrigin = await request.post("/login", { form: { ...form, password: "wrong" }, headers: { Origin: "http://localhost:3100" } });
    expect(sameOrigin.status()).toBe(401);
  });

  test("an oversized form is refused with 400 and a translated message", async ({ page }) => {
    await page.goto("/login");
    const response = await page.request.post("/login", {
      form: { email: "x@y.example", password: "p".repeat(70_000) },
      headers: { Origin: "http://localhost:3100" },
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("Formuläret innehöll för mycket data");
  });

  test("a return URL to another site is ignored", async ({ page }) => {
    await signInAsStaff(page, "erik.holm@af.samsyn.example", { returnTo: "//evil.example/steal" });
    await expect(page).toHaveURL(/localhost:3100\/cases$/);
  });

  test("a tampered session cookie signs out cleanly", async ({ page, context }) => {
    await context.addCookies([{ name: "samsyn-staff", value: "forged-session-id", url: "http://localhost:3100" }]);
    const response = await page.goto("/account");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/login\?returnTo=%2Faccount$/);
    expect((await context.cookies()).find((cookie) => cookie.name === "samsyn-staff")).toBeUndefined();
  });

  test("warns a minute before the idle timeout and lets the person stay", async ({ page }) => {
    await page.clock.install();
    await signInAsStaff(page, "lena.aberg@af.samsyn.example");
    // Signed in, the browser goes to /cases, which sends the auditor on to /audit, client-side. Each
    // answer restarts the warning's timers from the server's idle deadline, so move the clock only
    // once the last page is in place: otherwise a late answer restarts them after the jump.
    await expect(page.getByRole("heading", { level: 1, name: "Granskning av loggen" })).toBeVisible();
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    // The warning's timers start when the page hydrates; moving the clock before that skips nothing.
    await waitForHydration(page);
    await page.clock.fastForward("19:05");
    const dialog = page.getByRole("alertdialog", { name: "Du loggas snart ut" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Fortsätt vara inloggad" })).toBeFocused();
    await expectNoAxeViolations(page);
    const keepalive = page.waitForResponse((r) => r.url().includes("/session/keepalive"));
    await page.keyboard.press("Enter");
    expect((await keepalive).status()).toBe(200);
    await expect(dialog).toHaveCount(0);
  });
});
