import { expect, test, type Page } from "@playwright/test";
import { addDays, swedishToday, weekStart } from "../../app/lib/calendar";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsClient, signInAsStaff } from "./support/auth";

/**
 * Issue 6: an AF officer adds an activity to Eva's plan; the municipal officer sees it in the
 * timeline and in the week total; a simultaneous edit shows the conflict without losing text;
 * Eva reads the plan on /me. Swedish, then English, one after the other (same plan).
 */
test.describe.configure({ mode: "serial" });

const texts = {
  sv: {
    locale: "sv-SE", openPlan: "Öppna hela planen", add: "Lägg till aktivitet", title: "Aktivitet", type: "Typ av aktivitet", start: "Startdatum", end: "Slutdatum",
    extent: "Omfattning (% av heltid)", followUp: "Nästa uppföljning", note: "Kort anteckning", save: "Spara aktiviteten", added: "Aktiviteten är tillagd.",
    edit: (title: string) => `Ändra aktiviteten ${title}`, conflictFrom: "Oliver Nord har sparat en ändring medan du skrev.", over: "Över heltid", planHeading: "Din plan", responsible: "Ansvarig: Arbetsförmedlingen",
  },
  en: {
    locale: "en-GB", openPlan: "Open the whole plan", add: "Add an activity", title: "Activity", type: "Kind of activity", start: "Start date", end: "End date",
    extent: "Extent (% of full time)", followUp: "Next follow-up", note: "Short note", save: "Save the activity", added: "The activity has been added.",
    edit: (title: string) => `Edit the activity ${title}`, conflictFrom: "Oliver Nord saved a change while you were typing.", over: "Above full time", planHeading: "Your plan", responsible: "Responsible: Arbetsförmedlingen",
  },
};

async function openEvasPlan(page: Page, openPlan: string) {
  await page.getByRole("link", { name: "SAM-00001", exact: true }).click();
  await page.getByRole("link", { name: openPlan }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}\/plan$/);
}

for (const language of ["sv", "en"] as const) {
  test(`the shared plan in ${language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
    test.setTimeout(150_000);
    const t = texts[language];
    const title = language === "sv" ? "Arbetsträning i kök" : "Work training in a kitchen";
    const monday = addDays(weekStart(swedishToday(new Date())), 7);

    // The AF officer adds an activity.
    const afContext = await browser.newContext({ locale: t.locale });
    const af = await afContext.newPage();
    await signInAsStaff(af, "oliver.nord@af.samsyn.example");
    await openEvasPlan(af, t.openPlan);
    await af.getByRole("link", { name: t.add }).click();
    await expect(af.getByLabel(t.title, { exact: true })).toBeVisible();
    await expectNoAxeViolations(af);
    await af.getByLabel(t.title, { exact: true }).fill(title);
    await af.getByLabel(t.type).selectOption("arbetspraktik");
    await af.getByLabel(t.start).fill(monday);
    await af.getByLabel(t.end).fill(addDays(monday, 25));
    await af.getByLabel(t.extent).fill("50");
    await af.getByLabel(t.followUp).fill(addDays(monday, 11));
    await af.getByRole("button", { name: t.save }).click();
    await expect(af.getByRole("status")).toHaveText(t.added);
    await expect(af.getByTestId("activity").filter({ hasText: title })).toBeVisible();
    await expectNoAxeViolations(af);

    // Two tabs edit it at once: the second save shows the conflict and keeps what was typed.
    const first = af;
    const second = await afContext.newPage();
    await second.goto(first.url());
    for (const tab of [first, second]) await tab.getByRole("link", { name: t.edit(title) }).click();
    // The second tab's form holds the version it loaded: it must be on screen before the first tab saves.
    await expect(second.getByLabel(t.note)).toBeVisible();
    await first.getByLabel(t.note).fill(language === "sv" ? "Börjar kl. 8." : "Starts at 8.");
    await first.getByRole("button", { name: t.save }).click();
    await expect(first).toHaveURL(/\/plan\?notice=saved$/);
    const mine = language === "sv" ? "Börjar kl. 9, hämtar barnen kl. 15." : "Starts at 9, collects the children at 3.";
    await second.getByLabel(t.note).fill(mine);
    await second.getByLabel(t.extent).fill("40");
    await second.getByLabel(language === "sv" ? "Läge" : "State", { exact: true }).selectOption("ongoing");
    await second.getByRole("button", { name: t.save }).click();
    const conflict = second.getByTestId("conflict");
    await expect(conflict).toContainText(t.conflictFrom);
    await expect(second.getByTestId("theirs-note")).toHaveText(language === "sv" ? "Börjar kl. 8." : "Starts at 8.");
    await expect(second.getByTestId("yours-note")).toHaveText(mine);
    // Both versions in words, not codes.
    await expect(second.getByTestId("theirs-status")).toHaveText(language === "sv" ? "Planerad" : "Planned");
    await expect(second.getByTestId("yours-status")).toHaveText(language === "sv" ? "Pågår" : "Ongoing");
    await expect(second.getByLabel(t.note)).toHaveValue(mine);
    await expect(second.getByLabel(t.extent)).toHaveValue("40");
    await expectNoAxeViolations(second);

    // The first change is in the activity's history, in words: before → after, by whom.
    await first.getByRole("link", { name: language === "sv" ? `Historik för ${title}` : `History of ${title}` }).click();
    const change = first.getByRole("listitem").filter({ hasText: language === "sv" ? "Ändrad" : "Changed" }).first();
    await expect(change).toContainText("Oliver Nord");
    await expect(change.getByRole("row").filter({ hasText: language === "sv" ? "Anteckning" : "Note" })).toContainText(language === "sv" ? "Börjar kl. 8." : "Starts at 8.");
    await expect(first.getByRole("row").filter({ hasText: language === "sv" ? "Typ" : "Kind" }).first()).toContainText(language === "sv" ? "Arbetspraktik" : "Work practice");
    await expectNoAxeViolations(first);

    // The municipal officer sees it in the timeline and in the week total.
    const municipalContext = await browser.newContext({ locale: t.locale });
    const municipal = await municipalContext.newPage();
    await signInAsStaff(municipal, "elin.strand@berg.samsyn.example");
    await openEvasPlan(municipal, t.openPlan);
    await expect(municipal.locator("svg text").filter({ hasText: title.slice(0, 20) })).toHaveCount(1);
    await expect(municipal.getByRole("table").filter({ hasText: title }).first()).toBeAttached();
    const weekRow = municipal.getByRole("row").filter({ hasText: new RegExp(`\\(${monday.slice(8, 10).replace(/^0/, "")}`) }).first();
    await expect(weekRow).toContainText(t.over);
    await expectNoAxeViolations(municipal);
    await municipal.getByRole("link", { name: language === "sv" ? "Månad" : "Month", exact: true }).click();
    await expect(municipal.locator("svg text").filter({ hasText: title.slice(0, 20) })).toHaveCount(1);

    // Eva reads the plan on /me.
    const evaContext = await browser.newContext({ locale: t.locale });
    const eva = await evaContext.newPage();
    await signInAsClient(eva, /Eva Andersson/);
    await expect(eva.getByRole("heading", { name: t.planHeading }).first()).toBeVisible();
    const mineOnMe = eva.getByTestId("client-activity").filter({ hasText: title });
    await expect(mineOnMe).toContainText(t.responsible);
    await expectNoAxeViolations(eva);

    for (const context of [afContext, municipalContext, evaContext]) await context.close();
  });
}
