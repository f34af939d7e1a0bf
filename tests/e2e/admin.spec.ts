import { expect, test } from "@playwright/test";
import { totpCode } from "../../app/lib/auth/totp.server";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsStaff } from "./support/auth";

test.describe("organisation administrator", () => {
  test("deactivates a user, who is thrown out at once", async ({ browser }) => {
    const officer = await browser.newContext({ locale: "sv-SE" });
    const officerPage = await officer.newPage();
    await signInAsStaff(officerPage, "ahmed.karimi@berg.samsyn.example");
    await expect(officerPage.getByRole("heading", { level: 1 })).toHaveText("Ärenden");

    const admin = await browser.newContext({ locale: "sv-SE" });
    const adminPage = await admin.newPage();
    await signInAsStaff(adminPage, "admin.ame@berg.samsyn.example");
    await adminPage.getByRole("navigation", { name: "Personalmeny" }).getByRole("link", { name: "Användare" }).click();
    await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText("Användare");
    // Only the administrator's own organisation is listed.
    await expect(adminPage.getByRole("link", { name: "Ändra Ahmed Karimi" })).toBeVisible();
    await expect(adminPage.getByText("Sara Lindqvist")).toHaveCount(0);
    await expectNoAxeViolations(adminPage);

    await adminPage.getByRole("link", { name: "Ändra Ahmed Karimi" }).click();
    await expect(adminPage.getByRole("button", { name: "Avsluta kontot" })).toBeVisible();
    await expectNoAxeViolations(adminPage);
    await adminPage.getByRole("button", { name: "Avsluta kontot" }).click();
    await expect(adminPage.getByRole("status")).toHaveText("Kontot är avslutat. Personen är utloggad överallt.");

    await officerPage.getByRole("navigation", { name: "Personalmeny" }).getByRole("link", { name: "Organisationer och enheter" }).click();
    await expect(officerPage).toHaveURL(/\/login\?returnTo=%2Fdirectory$/);
    await officer.close();
    await admin.close();
  });

  test("creates a user who enrols with a password, an authenticator app and recovery codes", async ({ page, browser }) => {
    await signInAsStaff(page, "admin@fk.samsyn.example");
    await page.goto("/admin/users");
    const create = page.getByRole("region", { name: "Lägg till en användare" });
    await create.getByLabel("Namn").fill("Nora Berglund");
    await create.getByLabel("Titel").fill("Försäkringshandläggare");
    await create.getByLabel("E-postadress").fill("nora.berglund@fk.samsyn.example");
    await create.getByLabel("Roll").selectOption({ label: "Handläggare" });
    await create.getByRole("button", { name: "Skapa användare" }).click();
    // Web-first: the link field appears only once the user is created.
    await expect(page.getByLabel("Aktiveringslänk")).toHaveValue(/^http:\/\/localhost:\d+\/enrol\/[\w-]{40,}$/);
    const link = await page.getByLabel("Aktiveringslänk").inputValue();
    // The form is empty again, ready for the next user.
    for (const field of ["Namn", "Titel", "E-postadress"]) await expect(create.getByLabel(field)).toHaveValue("");
    await expect(page.getByRole("cell", { name: /Nora Berglund/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /Nora Berglund/ })).toContainText("Väntar på aktivering");
    await expectNoAxeViolations(page);

    const fresh = await browser.newContext({ locale: "sv-SE" });
    const nora = await fresh.newPage();
    await nora.goto(link);
    await expect(nora.getByRole("heading", { level: 1 })).toHaveText("Aktivera ditt konto");
    await expectNoAxeViolations(nora);
    await nora.getByLabel("Nytt lösenord").fill("kort");
    await nora.getByLabel("Upprepa lösenordet").fill("kort");
    await nora.getByRole("button", { name: "Nästa" }).evaluate((button) => (button.closest("form")!.noValidate = true));
    await nora.getByRole("button", { name: "Nästa" }).click();
    await expect(nora.getByText("Lösenordet måste ha minst 12 tecken.")).toBeVisible();
    const password = "fjällbjörk i Svenstavik";
    await nora.getByLabel("Nytt lösenord").fill(password);
    await nora.getByLabel("Upprepa lösenordet").fill(password);
    await nora.getByRole("button", { name: "Nästa" }).click();
    await expect(nora.getByRole("img", { name: "QR-kod för att koppla Samsyn till din autentiseringsapp" })).toBeVisible();
    await expectNoAxeViolations(nora);
    await expect(nora.getByTestId("totp-secret")).toHaveText(/\S/);
    const secret = (await nora.getByTestId("totp-secret").textContent())!.trim();
    await nora.getByLabel("Kod från appen (6 siffror)").fill(totpCode(secret, new Date()));
    await nora.getByRole("button", { name: "Aktivera kontot" }).click();
    await expect(nora.getByRole("heading", { level: 1 })).toHaveText("Kontot är aktiverat");
    await expect(nora.getByTestId("recovery-code")).toHaveCount(10);
    const codes = await nora.getByTestId("recovery-code").allTextContents();
    await expectNoAxeViolations(nora);

    // The link works once.
    await nora.goto(link);
    await expect(nora.getByRole("alert")).toContainText("Länken fungerar inte");

    // Sign in with the password and a recovery code (no phone at hand).
    await nora.goto("/login");
    await nora.getByLabel("E-postadress").fill("nora.berglund@fk.samsyn.example");
    await nora.getByLabel("Lösenord", { exact: true }).fill(password);
    await nora.getByRole("button", { name: "Fortsätt" }).click();
    await nora.getByLabel("Reservkod").fill(codes[0]!);
    await nora.getByRole("button", { name: "Logga in med reservkod" }).click();
    await expect(nora.getByRole("heading", { level: 1 })).toHaveText("Ärenden");
    await nora.goto("/account");
    await expect(nora.getByText("Försäkringskassan Östersund").first()).toBeVisible();
    // What an officer can do, linked to the pages that exist: no "next version".
    await expect(nora.getByTestId("account-links").getByRole("link", { name: "Ärenden" })).toHaveAttribute("href", "/cases");
    await expect(nora.getByTestId("account-links").getByRole("link", { name: "Ledtider för begäranden" })).toHaveAttribute("href", "/inbox/requests/stats");
    await expect(nora.getByRole("main")).not.toContainText("nästa version");
    await expectNoAxeViolations(nora);
    await fresh.close();
  });

  test("sees no client data and no other organisation's users", async ({ page }) => {
    await signInAsStaff(page, "admin@af.samsyn.example");
    const response = await page.goto("/admin/users/demo-sara");
    expect(response?.status()).toBe(404);
  });

  test("pages for administrators refuse other staff with 403", async ({ page }) => {
    await signInAsStaff(page, "oskar.lind@fk.samsyn.example");
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByText("Du har inte behörighet till den här sidan.")).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
