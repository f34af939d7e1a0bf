import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsStaff } from "./support/auth";

/**
 * An officer who works in two units (Maria covers two health centres): she picks the mailbox she
 * acts in, stays in it, and writes as it; her organisation's administrator sees and sets the
 * further units. In Swedish and English, axe on every page.
 */
const texts = {
  sv: {
    locale: "sv-SE",
    mailboxes: "Enhetens brevlåda",
    ostersund: "Rehabkoordinering, Östersunds sjukhus",
    svenstavik: "Rehabkoordinering, Hälsocentralen Svenstavik",
    write: "Skriv meddelande",
    writeAs: "Skriv som",
    switchSender: "Byt avsändare",
    sender: "Avsändare:",
    moreUnits: "Fler enheter",
    alsoWorks: "Arbetar också i",
  },
  en: {
    locale: "en-GB",
    mailboxes: "The unit's mailbox",
    ostersund: "Rehabkoordinering, Östersunds sjukhus",
    svenstavik: "Rehabkoordinering, Hälsocentralen Svenstavik",
    write: "Write a message",
    writeAs: "Write as",
    switchSender: "Change sender",
    sender: "Sender:",
    moreUnits: "More units",
    alsoWorks: "Also works in",
  },
};

test.describe.configure({ mode: "serial" });

for (const language of ["sv", "en"] as const) {
  test(`an officer in two units picks the mailbox she works in, in ${language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const t = texts[language];
    const context = await browser.newContext({ locale: t.locale });
    const page = await context.newPage();
    await signInAsStaff(page, "maria.nilsson@rjh.samsyn.example", { returnTo: "/messages" });
    const switcher = page.getByRole("navigation", { name: t.mailboxes });
    await expect(switcher.getByRole("link", { name: t.svenstavik })).toHaveAttribute("aria-current", "page");
    await expectNoAxeViolations(page);

    await switcher.getByRole("link", { name: t.ostersund }).click();
    await expect(page).toHaveURL(/\/messages\?unit=[0-9a-f-]{36}$/);
    await expect(switcher.getByRole("link", { name: t.ostersund })).toHaveAttribute("aria-current", "page");
    await expectNoAxeViolations(page);

    // "Write" stays in the chosen mailbox; the form says which one it writes as, and can change it.
    await page.getByRole("link", { name: t.write }).click();
    await expect(page).toHaveURL(/\/messages\/new\?unit=/);
    await expect(page.getByText(t.sender).locator("..")).toContainText(t.ostersund);
    await expectNoAxeViolations(page);
    await page.getByLabel(t.writeAs).selectOption({ label: `${t.svenstavik} (rehab.svenstavik@rjh.samsyn.example)` });
    await page.getByRole("button", { name: t.switchSender }).click();
    await expect(page.getByText(t.sender).locator("..")).toContainText(t.svenstavik);
    await context.close();

    // Her administrator sees the further unit she works in.
    const admin = await browser.newContext({ locale: t.locale });
    const adminPage = await admin.newPage();
    await signInAsStaff(adminPage, "admin@rjh.samsyn.example", { returnTo: "/admin/users/demo-maria" });
    await expect(adminPage.getByRole("heading", { name: t.moreUnits })).toBeVisible();
    await expect(adminPage.getByRole("group", { name: t.alsoWorks }).getByLabel(t.ostersund)).toBeChecked();
    await expectNoAxeViolations(adminPage);
    await admin.close();
  });
}
