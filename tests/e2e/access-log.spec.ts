import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsClient, signInAsStaff } from "./support/auth";

/**
 * Issue 5: Eva sees the AF officer's look at her case, with the officer's name and the consent it
 * relied on; AF's auditor sees the same event. Both languages, axe on every page.
 */
test("Eva and AF's auditor both see the AF officer's look at Eva's case", async ({ browser }) => {
  test.setTimeout(120_000);

  // An AF officer opens Eva's demo case (shared with AF by her recorded consent).
  const officerContext = await browser.newContext({ locale: "sv-SE" });
  const officer = await officerContext.newPage();
  await signInAsStaff(officer, "fatima.hassan@af.samsyn.example");
  await officer.getByRole("link", { name: "SAM-00001", exact: true }).click();
  await expect(officer.getByRole("definition").getByText("Eva Andersson", { exact: true })).toBeVisible();

  // Eva, in Swedish and then in English.
  const evaContext = await browser.newContext({ locale: "sv-SE" });
  const eva = await evaContext.newPage();
  await signInAsClient(eva, /Eva Andersson/);
  await eva.getByRole("navigation", { name: "Mina sidor" }).getByRole("link", { name: "Vem har tittat?" }).click();
  await expect(eva.getByRole("heading", { level: 1 })).toHaveText("Vem har tittat på mina uppgifter?");
  // Opening the case passed the gate several times (case, plan, feed, requests); Eva sees one look.
  const look = eva.getByTestId("access-entry").filter({ hasText: "Fatima Hassan, Arbetsförmedlare" }).filter({ hasText: "tittade på ditt ärende" }).filter({ hasText: "SAM-00001" });
  await expect(look).toHaveCount(1);
  await expect(look).toContainText("Arbetsförmedlingen Östersund");
  // The case list she saw it in first is a line of its own, in other words.
  await expect(eva.getByTestId("access-entry").filter({ hasText: "Fatima Hassan" }).filter({ hasText: "såg ditt ärende i en ärendelista" }).first()).toContainText("SAM-00001");
  await expectNoAxeViolations(eva);

  const download = eva.waitForEvent("download");
  await eva.getByRole("link", { name: "Ladda ner som CSV (kalkylark)" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv.startsWith("\uFEFF")).toBe(true);
  expect(csv).toContain("Fatima Hassan");

  await look.getByRole("link", { name: "ditt samtycke" }).click();
  await expect(eva.getByRole("heading", { level: 1 })).toHaveText("Kvitto på samtycke");
  await expect(eva.getByText("Registrerat av handläggare: Sara Lindqvist")).toBeVisible();

  await eva.goto("/me/access-log?lng=en");
  await expect(eva.getByRole("heading", { level: 1 })).toHaveText("Who has looked at my data?");
  await expect(eva.getByTestId("access-entry").filter({ hasText: "Fatima Hassan" }).filter({ hasText: "looked at your case" }).first()).toContainText("your consent");
  await expectNoAxeViolations(eva);

  // AF's auditor finds the same event by Eva's personal identity number (posted, never in the URL).
  const auditorContext = await browser.newContext({ locale: "sv-SE" });
  const auditor = await auditorContext.newPage();
  await signInAsStaff(auditor, "lena.aberg@af.samsyn.example");
  await expect(auditor.getByRole("heading", { level: 1 })).toHaveText("Granskning av loggen");
  await auditor.getByLabel("Personnummer").fill("19880412-9826");
  // The page already lists events before the search: wait for the search's answer, not the old rows.
  const searched = auditor.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith("/audit"));
  await auditor.getByRole("button", { name: "Sök" }).click();
  await searched;
  // The answer above is the POST's; the list is drawn after a second request: wait until every row shown is about Eva.
  await expect(auditor.locator('[data-testid="audit-event"],[data-testid="denied-event"]').filter({ hasNotText: "Eva Andersson" })).toHaveCount(0);
  const row = auditor.getByRole("row").filter({ hasText: "Fatima Hassan, Arbetsförmedlare" }).filter({ hasText: "Visade ärendet" }).first();
  await expect(row).toContainText("SAM-00001");
  await expect(row).toContainText("Eva Andersson");
  await expect(row).toContainText("Tillåten");
  // Staff words, not the client's and not the codes.
  await expect(row).not.toContainText("case.view");
  await expect(row).not.toContainText("tittade på ditt ärende");
  expect(auditor.url()).not.toContain("19880412");
  // The look unfolds into every part it read, with its basis.
  await row.getByText(/beslut i det här besöket/).click();
  await expect(row.getByRole("table")).toContainText("Avsnitt i ärendet");
  await expect(row.getByRole("table")).toContainText("Personens samtycke");
  await expect(row.getByRole("table")).not.toContainText("case_section");
  await expectNoAxeViolations(auditor);

  await auditor.getByRole("button", { name: "English" }).click();
  await expect(auditor.getByRole("heading", { level: 1 })).toHaveText("Audit log review");
  await expect(auditor.getByRole("row").filter({ hasText: "Fatima Hassan" }).filter({ hasText: "Viewed the case" }).first()).toBeVisible();
  await expectNoAxeViolations(auditor);

  for (const context of [officerContext, evaContext, auditorContext]) await context.close();
});
