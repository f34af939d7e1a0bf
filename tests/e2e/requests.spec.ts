import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsClient, signInAsStaff } from "./support/auth";

/**
 * Issue 7: a Bergs kommun officer asks Arbetsförmedlingen for "Förbrukade dagar i JOB" and
 * "Planeringssamtal" on Eva's case; Eva's consent does not cover the first, so the form does not
 * allow it under consent and the officer names a statute instead. An AF officer claims the
 * request, answers the first and declines the second with a reason; the municipal officer reads
 * both; Eva sees the request, its basis and the answer on /me; the lead-time page counts it.
 * The request is saved as a draft first. Once in Swedish and once in English, axe on every page.
 */
const texts = {
  sv: {
    locale: "sv-SE",
    myPages: "Mina sidor",
    unit: "Mottagande enhet (funktionsbrevlåda)",
    consent: "Personens samtycke",
    legal: "Lagstöd utan samtycke",
    show: "Visa uppgifter att fråga efter",
    daysUsed: "Förbrukade dagar i JOB",
    planning: "Planeringssamtal",
    statute: "Lagrum",
    justification: "Motivering",
    purpose: "Syfte, med enkla ord",
    desiredBy: "Önskat svarsdatum",
    submit: "Skicka begäran",
    saveDraft: "Spara utkast",
    saved: "Utkastet är sparat",
    editDraft: "Ändra utkastet",
    submitted: "Begäran är skickad",
    inbox: "Inkorg",
    claim: "Ta begäran",
    claimed: "Du har tagit begäran.",
    release: "Lämnas ut",
    decline: "Lämnas inte ut",
    daysField: "Förbrukade dagar (dagar)",
    reason: "Skäl att inte lämna ut (helt eller delvis)",
    send: "Skicka svaret",
    sent: "Svaret är skickat",
    answered: "312 dagar",
    declined: "Lämnas inte ut: Sekretess – personen kan lida skada om uppgiften lämnas ut",
    partly: "Delvis besvarad",
    partlyNotice: "En begäran om uppgifter som ni skickade är delvis besvarad.",
    open: "Öppna",
    clientLegal: "Frågan ställdes utan ditt samtycke",
    clientDeclined: "Myndigheten bedömde att det kan skada dig om uppgiften lämnas ut.",
    legalFlag: "Utan samtycke – med stöd av lag",
    statsTitle: "Ledtider för begäranden",
    sentHeading: "Begäranden som enheten har skickat",
  },
  en: {
    locale: "en-GB",
    myPages: "My pages",
    unit: "Receiving unit (functional mailbox)",
    consent: "The person's consent",
    legal: "Legal basis without consent",
    show: "Show information to ask for",
    daysUsed: "Days used in the job and development guarantee",
    planning: "Planning meeting",
    statute: "Statute",
    justification: "Justification",
    purpose: "Purpose, in plain words",
    desiredBy: "Desired answer date",
    submit: "Send the request",
    saveDraft: "Save draft",
    saved: "The draft is saved",
    editDraft: "Edit the draft",
    submitted: "The request has been sent",
    inbox: "Inbox",
    claim: "Claim the request",
    claimed: "You have claimed the request.",
    release: "Release",
    decline: "Decline",
    daysField: "Days used (days)",
    reason: "Reason for not releasing (all or part)",
    send: "Send the answer",
    sent: "The answer has been sent",
    answered: "312 days",
    declined: "Not released: Secrecy – the person could be harmed if it is disclosed",
    partly: "Partly answered",
    partlyNotice: "A request for information that you sent has been partly answered.",
    open: "Open",
    clientLegal: "The question was asked without your consent",
    clientDeclined: "The agency judged that giving it out could harm you.",
    legalFlag: "Without consent – on a legal basis",
    statsTitle: "Lead times for requests",
    sentHeading: "Requests the unit sent",
  },
};

const stories = [
  { language: "sv" as const, statute: "OSL 10 kap. 28 §" },
  { language: "en" as const, statute: "SoL 11 kap. 11 §" },
];

async function person(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

const inAWeek = () => new Date(Date.now() + 7 * 24 * 3_600_000).toISOString().slice(0, 10);
/** The received side's "partly answered" count, read once the page shows a number (web-first). */
const partlyAnsweredCell = (page: Page) => page.getByTestId("stats-received").getByTestId("count-partly_answered");
async function partlyAnswered(page: Page): Promise<number> {
  await expect(partlyAnsweredCell(page)).toHaveText(/^\d+$/);
  return Number(await partlyAnsweredCell(page).textContent());
}

// The same Eva and the same demo officers in both stories: one after the other.
test.describe.configure({ mode: "serial" });

for (const story of stories) {
  test(`an information request, answered and read, in ${story.language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
    test.setTimeout(150_000);
    const t = texts[story.language];

    // The AF officer notes the unit's lead-time figures before.
    const af = await person(browser, t.locale);
    await signInAsStaff(af.page, "david.sundin@af.samsyn.example");
    await af.page.goto("/inbox/requests/stats");
    await expect(af.page.getByRole("heading", { level: 1 })).toHaveText(t.statsTitle);
    const before = await partlyAnswered(af.page);

    // 1. The municipal officer opens Eva's case and asks for information.
    const officer = await person(browser, t.locale);
    await signInAsStaff(officer.page, "johanna.berg@berg.samsyn.example");
    await officer.page.getByRole("link", { name: "SAM-00001", exact: true }).click();
    await expect(officer.page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
    await officer.page.goto(`${officer.page.url()}/requests/new`);
    await expectNoAxeViolations(officer.page);
    await officer.page.getByLabel(t.unit).selectOption({ label: "Arbetsförmedlingen – Arbetsförmedlingen Östersund (ostersund@af.samsyn.example)" });
    await officer.page.getByLabel(t.consent).check();
    await officer.page.getByRole("button", { name: t.show }).click();
    // Under Eva's consent, the planning meeting may be asked for, the days used may not.
    await expect(officer.page.getByLabel(t.planning)).toBeEnabled();
    await expect(officer.page.getByLabel(t.daysUsed)).toBeDisabled();
    await expectNoAxeViolations(officer.page);

    await officer.page.getByLabel(t.legal).check();
    await officer.page.getByRole("button", { name: t.show }).click();
    await expect(officer.page.getByLabel(t.daysUsed)).toBeEnabled();
    await officer.page.getByLabel(t.daysUsed).check();
    await officer.page.getByLabel(t.planning).check();
    await officer.page.getByLabel(t.statute, { exact: true }).selectOption(story.statute);
    await officer.page.getByLabel(t.justification, { exact: true }).fill("Prövning av rätten till ekonomiskt bistånd för december.");
    await officer.page.getByLabel(t.purpose).fill("Att planera Evas försörjning när aktivitetsstödet tar slut.");
    await officer.page.getByLabel(t.desiredBy).fill(inAWeek());
    await expectNoAxeViolations(officer.page);
    // A draft first: saved, not sent; then edited and sent.
    await officer.page.getByRole("button", { name: t.saveDraft }).click();
    await expect(officer.page.getByRole("status")).toContainText(t.saved);
    await officer.page.getByRole("link", { name: t.editDraft }).click();
    await expect(officer.page.getByLabel(t.daysUsed)).toBeChecked();
    await expect(officer.page.getByLabel(t.justification, { exact: true })).toHaveValue(/ekonomiskt bistånd/);
    await expectNoAxeViolations(officer.page);
    await officer.page.getByRole("button", { name: t.submit }).click();
    await expect(officer.page.getByRole("status")).toContainText(t.submitted);
    await expect(officer.page.getByRole("heading", { level: 1 })).toHaveText(/BEG-\d{5}/);
    const reference = /BEG-\d{5}/.exec((await officer.page.getByRole("heading", { level: 1 }).textContent())!)![0];
    await expect(officer.page.getByText(t.legalFlag)).toBeVisible();
    await expectNoAxeViolations(officer.page);
    const requestUrl = officer.page.url().replace(/\?.*$/, "");

    // 2. The AF officer finds it in the unit's inbox, claims it, answers one item and declines the other.
    await af.page.getByRole("link", { name: t.inbox, exact: true }).click();
    const row = af.page.getByTestId(`inbox-row-${reference}`);
    await expect(row).toContainText("Eva Andersson");
    await expect(row).toContainText(t.legalFlag);
    await expectNoAxeViolations(af.page);
    await row.getByRole("link", { name: reference }).click();
    await expect(af.page.getByText("19880412-9826")).toBeVisible();
    await expectNoAxeViolations(af.page);
    await af.page.getByRole("button", { name: t.claim }).click();
    await expect(af.page.getByRole("status")).toContainText(t.claimed);
    const days = af.page.getByTestId("answer-item-af.days_used_job");
    await days.getByLabel(t.release, { exact: true }).check();
    await days.getByLabel(t.daysField).fill("312");
    const planning = af.page.getByTestId("answer-item-af.planning_meeting");
    await planning.getByLabel(t.decline, { exact: true }).check();
    await planning.getByLabel(t.reason).selectOption("secrecy_harm");
    await expectNoAxeViolations(af.page);
    await af.page.getByRole("button", { name: t.send }).click();
    await expect(af.page.getByRole("status")).toContainText(t.sent);
    await expectNoAxeViolations(af.page);

    // 3. The municipal officer is notified, follows the notice to the request, and reads both:
    //    the answer and the reason for the decline.
    await officer.page.getByTestId("bell").click();
    const notice = officer.page.getByRole("listitem").filter({ hasText: t.partlyNotice }).first();
    await expect(notice).toBeVisible();
    await expectNoAxeViolations(officer.page);
    await notice.getByRole("link", { name: t.open }).click();
    await expect(officer.page).toHaveURL(requestUrl);
    await expect(officer.page.getByTestId("request-item-af.days_used_job")).toContainText(t.answered);
    await expect(officer.page.getByTestId("request-item-af.planning_meeting")).toContainText(t.declined);
    await expect(officer.page.getByText(t.partly).first()).toBeVisible();
    await expectNoAxeViolations(officer.page);

    // 4. Eva sees on /me that it was asked, by whom, why, on what basis, and the answer.
    const eva = await person(browser, t.locale);
    await signInAsClient(eva.page, /Eva Andersson/, `/me?lng=${story.language}`);
    await expect(eva.page.getByRole("navigation", { name: t.myPages })).toBeVisible();
    const mine = eva.page.getByTestId(`client-request-${reference}`);
    await expect(mine).toContainText("Johanna Berg");
    await expect(mine).toContainText(t.clientLegal);
    await expect(mine).toContainText(t.daysUsed);
    await expect(mine).toContainText(t.answered);
    await expect(mine).toContainText(t.clientDeclined);
    await expectNoAxeViolations(eva.page);

    // 5. The lead-time page counts it.
    await af.page.goto("/inbox/requests/stats");
    await expect(partlyAnsweredCell(af.page)).toHaveText(String(before + 1));
    await expect(af.page.getByTestId("stats-received").locator("figure svg[role=img]")).toBeVisible();
    // The municipal unit sees the same request among those it sent, with its lead time.
    await officer.page.goto("/inbox/requests/stats");
    await expect(officer.page.getByRole("heading", { level: 2, name: t.sentHeading })).toBeVisible();
    await expect(officer.page.getByTestId("stats-sent").getByTestId("count-partly_answered")).not.toHaveText("0");
    await expect(officer.page.getByTestId("stats-sent").getByTestId("lead-answered")).not.toHaveText("0");
    await expectNoAxeViolations(officer.page);
    await expectNoAxeViolations(af.page);

    for (const someone of [af, officer, eva]) await someone.context.close();
  });
}
