import { expect, type Page } from "@playwright/test";
import { totpCode } from "../../../app/lib/auth/totp.server";
import { demoPassword, demoTotpSecret } from "../../../db/seed";
import { e2eBaseUrl } from "./server";

/** The current demo TOTP code, or the next step's when the current one was just used. */
export const demoTotp = (offsetSteps = 0) => totpCode(demoTotpSecret, new Date(Date.now() + offsetSteps * 30_000));

/** Signs a demo staff member in through the real pages: password, then a TOTP code. */
export async function signInAsStaff(page: Page, email: string, { returnTo }: { returnTo?: string } = {}) {
  await page.goto(returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : "/login");
  await page.getByLabel(/E-postadress|E-mail address/).fill(email);
  await page.getByLabel(/^(Lösenord|Password)$/).fill(demoPassword);
  await page.getByRole("button", { name: /Fortsätt|Continue/ }).click();
  await expect(page).toHaveURL(/\/login\/second-factor/);
  if (!(await submitDemoTotp(page))) throw new Error(`Could not sign in ${email}`);
}

/**
 * The demo accounts share one TOTP secret and a code's step can be used once per account, so when
 * a parallel test just signed in the same person, this code is refused: then the next step's code
 * is still accepted, and failing that, the one after, once the clock has moved on.
 */
export async function submitDemoTotp(page: Page): Promise<boolean> {
  for (const attempt of [0, 1, 2]) {
    if (attempt === 2) await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    if (await submitTotp(page, demoTotp(attempt === 0 ? 0 : 1))) return true;
  }
  return false;
}

/** Submits a code on the second-factor page; true when it let the person in. */
export async function submitTotp(page: Page, code: string): Promise<boolean> {
  await page.getByLabel(/Kod \(6 siffror\)|Code \(6 digits\)/).fill(code);
  const answered = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/login/second-factor"));
  await page.getByRole("button", { name: /^(Logga in|Sign in)$/ }).click();
  // A refused code is answered 401 or 429 and leaves the person on the page; an accepted one is a
  // redirect, and the page then navigates away, however long that takes.
  if ((await answered).status() >= 400) return false;
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
  return true;
}

/** Waits until React has hydrated the page, so that its effects (timers, focus) are in place. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Signs a client in through the bundled test e-ID provider, as a listed test person. */
export async function signInAsClient(page: Page, personLabel: RegExp | string, path = "/me") {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Test-e-legitimation|Test e-ID/);
  await page.getByLabel(personLabel).check();
  await page.getByRole("button", { name: /^(Signera|Sign)$/ }).click();
  // Back in Samsyn on a page React has taken over: a click on a link before then can be lost.
  await page.waitForURL((url) => url.href.startsWith(e2eBaseUrl));
  await waitForHydration(page);
}
