import { readFileSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import ICAL from "ical.js";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsClient, signInAsStaff, waitForHydration } from "./support/auth";

/**
 * A coordination meeting on Eva's case: a Bergs kommun officer calls it from the case with
 * Arbetsförmedlingen Östersund (a named officer, an agenda point of AF's), first with an end before
 * the start, refused with everything typed kept; the AF officer opens it, answers "coming" and
 * downloads the .ics (METHOD:REQUEST, Europe/Stockholm, no client name); Eva finds it on her home
 * page, adds her own point in her own words and says she comes; the organiser sees both answers
 * and Eva's point, moves the meeting and cancels it. Once in Swedish and once in English, axe on
 * every page.
 */
const texts = {
  sv: {
    locale: "sv-SE",
    call: "Kalla till möte",
    kind: "Typ av möte",
    sip: "SIP-möte (samordnad individuell plan)",
    date: "Datum",
    start: "Börjar",
    end: "Slutar",
    place: "Plats",
    whoComes: "Vem kommer från Arbetsförmedlingen Östersund?",
    point1: "Punkt 1",
    owner1: "Ansvarig för punkt 1",
    send: "Skicka kallelse",
    endBeforeStart: "Mötet måste sluta efter att det börjar.",
    called: "Kallelsen är skickad till alla deltagande enheter.",
    coming: "Kommer",
    answer: "Svara",
    answered: "Ditt svar är sparat.",
    calendar: "Ladda ner kalenderfil (.ics)",
    myMeetings: "Dina möten",
    clientTitle: "Ditt möte",
    myPoint: "Din punkt",
    add: "Lägg till",
    pointAdded: "Din punkt är tillagd.",
    yesComing: "Ja, jag kommer",
    sendAnswer: "Skicka svar",
    thanks: "Tack! Ditt svar är skickat.",
    clientComes: "Personen: Kommer",
    byClient: "personens egen punkt",
    change: "Ändra tid eller plats",
    saveChange: "Spara och skicka ändringen",
    changed: "Ändringen är skickad till alla deltagare.",
    cancelMeeting: "Ställ in mötet",
    cancelled: "Mötet är inställt och alla deltagare har fått veta det.",
  },
  en: {
    locale: "en-GB",
    call: "Call a meeting",
    kind: "Kind of meeting",
    sip: "SIP meeting (coordinated individual plan)",
    date: "Date",
    start: "Starts",
    end: "Ends",
    place: "Place",
    whoComes: "Who comes from Arbetsförmedlingen Östersund?",
    point1: "Point 1",
    owner1: "Responsible for point 1",
    send: "Send the invitation",
    endBeforeStart: "The meeting must end after it starts.",
    called: "The invitation has been sent to every participating unit.",
    coming: "Coming",
    answer: "Answer",
    answered: "Your answer is saved.",
    calendar: "Download calendar file (.ics)",
    myMeetings: "Your meetings",
    clientTitle: "Your meeting",
    myPoint: "Your point",
    add: "Add",
    pointAdded: "Your point has been added.",
    yesComing: "Yes, I am coming",
    sendAnswer: "Send answer",
    thanks: "Thank you! Your answer has been sent.",
    clientComes: "The person: Coming",
    byClient: "the person's own point",
    change: "Change time or place",
    saveChange: "Save and send the change",
    changed: "The change has been sent to everyone taking part.",
    cancelMeeting: "Cancel the meeting",
    cancelled: "The meeting is cancelled and everyone taking part has been told.",
  },
};

// Different demo officers per language (each step of a TOTP code is accepted once per account).
const stories = [
  { language: "sv" as const, municipal: "johanna.berg@berg.samsyn.example", af: { email: "david.sundin@af.samsyn.example", name: "David Sundin" }, date: "2027-03-29", point: "Hur går praktiken?", evaPoint: "Jag vill prata om mina resor till praktiken." },
  { language: "en" as const, municipal: "elin.strand@berg.samsyn.example", af: { email: "fatima.hassan@af.samsyn.example", name: "Fatima Hassan" }, date: "2027-03-30", point: "How is the work practice going?", evaPoint: "I want to talk about travelling to my work practice." },
];

const meetingUrl = /\/cases\/([0-9a-f-]{36})\/meetings\/([0-9a-f-]{36})(\?.*)?$/;

async function person(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

test.describe("a coordination meeting on Eva's case", () => {
  test.describe.configure({ mode: "serial" });

  for (const story of stories) {
    test(`a meeting called, answered and moved, in ${story.language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
      test.setTimeout(180_000);
      const t = texts[story.language];

      // 1. The municipal officer calls the meeting from Eva's case.
      const officer = await person(browser, t.locale);
      await signInAsStaff(officer.page, story.municipal);
      await officer.page.getByRole("link", { name: "SAM-00001", exact: true }).click();
      await officer.page.getByRole("link", { name: t.call, exact: true }).click();
      await expect(officer.page).toHaveURL(/\/cases\/[0-9a-f-]{36}\/meetings\/new$/);
      await expect(officer.page.getByText("Eva Andersson")).toBeVisible();
      await waitForHydration(officer.page);
      await expectNoAxeViolations(officer.page);
      await officer.page.getByLabel(t.kind).selectOption({ label: t.sip });
      await officer.page.getByLabel(t.date).fill(story.date);
      await officer.page.getByLabel(t.start).fill("09:00");
      await officer.page.getByLabel(t.end).fill("08:00");
      await officer.page.getByLabel(t.place).fill("Storgatan 1, Svenstavik");
      await officer.page.getByLabel(t.whoComes).selectOption({ label: story.af.name });
      await officer.page.getByLabel(t.point1, { exact: true }).fill(story.point);
      await officer.page.getByLabel(t.owner1).selectOption({ label: "Arbetsförmedlingen – Arbetsförmedlingen Östersund" });
      await officer.page.getByRole("button", { name: t.send }).click();
      await expect(officer.page.getByRole("alert")).toContainText(t.endBeforeStart);
      // Everything typed is kept.
      await expect(officer.page.getByLabel(t.place)).toHaveValue("Storgatan 1, Svenstavik");
      await expect(officer.page.getByLabel(t.point1, { exact: true })).toHaveValue(story.point);
      await expect(officer.page.getByLabel(t.kind)).toHaveValue("sip");
      await expectNoAxeViolations(officer.page);
      await officer.page.getByLabel(t.end).fill("10:30");
      await officer.page.getByRole("button", { name: t.send }).click();
      await expect(officer.page.getByRole("status").filter({ hasText: t.called })).toBeVisible();
      await expect(officer.page).toHaveURL(meetingUrl);
      const [, caseId, meetingId] = meetingUrl.exec(officer.page.url())!;
      await expect(officer.page.getByText(story.point)).toBeVisible();
      await expectNoAxeViolations(officer.page);

      // 2. The AF officer answers and downloads the calendar file.
      const af = await person(browser, t.locale);
      await signInAsStaff(af.page, story.af.email);
      await af.page.goto(`/cases/${caseId}/meetings/${meetingId}`);
      await expect(af.page.getByText(`Arbetsförmedlingen – Arbetsförmedlingen Östersund, ${story.af.name}`)).toBeVisible();
      await waitForHydration(af.page);
      await expectNoAxeViolations(af.page);
      await af.page.getByRole("radio", { name: t.coming, exact: true }).check();
      await af.page.getByRole("button", { name: t.answer, exact: true }).click();
      await expect(af.page.getByRole("status").filter({ hasText: t.answered })).toBeVisible();
      const download = af.page.waitForEvent("download");
      await af.page.getByRole("link", { name: t.calendar }).click();
      const ics = readFileSync((await (await download).path())!, "utf8");
      const calendar = new ICAL.Component(ICAL.parse(ics));
      expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
      const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
      expect(event.uid).toContain(meetingId!);
      expect(event.startDate.toString()).toBe(`${story.date}T09:00:00`);
      expect(ics).toContain("TZID=Europe/Stockholm");
      expect(ics).not.toContain("Eva");

      // 3. Eva finds the meeting, adds her point and says she comes.
      const eva = await person(browser, t.locale);
      await signInAsClient(eva.page, /Eva Andersson/, `/me?lng=${story.language}`);
      await expect(eva.page.getByRole("heading", { name: t.myMeetings })).toBeVisible();
      await eva.page.goto(`/me/meetings/${meetingId}`);
      await expect(eva.page.getByRole("heading", { level: 1 })).toHaveText(t.clientTitle);
      await expect(eva.page.getByText(story.point)).toBeVisible();
      await waitForHydration(eva.page);
      await expectNoAxeViolations(eva.page);
      await eva.page.getByLabel(t.myPoint).fill(story.evaPoint);
      await eva.page.getByRole("button", { name: t.add, exact: true }).click();
      await expect(eva.page.getByRole("status").filter({ hasText: t.pointAdded })).toBeVisible();
      await eva.page.getByRole("radio", { name: t.yesComing }).check();
      await eva.page.getByRole("button", { name: t.sendAnswer }).click();
      await expect(eva.page.getByRole("status").filter({ hasText: t.thanks })).toBeVisible();
      await expect(eva.page.getByText(story.evaPoint)).toBeVisible();
      await expectNoAxeViolations(eva.page);

      // 4. The organiser sees the answers and Eva's point, moves the meeting, then cancels it.
      await officer.page.reload();
      await expect(officer.page.getByText(t.clientComes)).toBeVisible();
      await expect(officer.page.getByRole("listitem").filter({ hasText: story.evaPoint })).toContainText(t.byClient);
      await officer.page.getByRole("link", { name: t.change }).click();
      await waitForHydration(officer.page);
      await expectNoAxeViolations(officer.page);
      await officer.page.getByLabel(t.start).fill("13:00");
      await officer.page.getByLabel(t.end).fill("14:00");
      await officer.page.getByRole("button", { name: t.saveChange }).click();
      await expect(officer.page.getByRole("status").filter({ hasText: t.changed })).toBeVisible();
      await expect(officer.page.getByText("13:00–14:00")).toBeVisible();
      await officer.page.getByRole("button", { name: t.cancelMeeting }).click();
      await expect(officer.page.getByRole("status").filter({ hasText: t.cancelled })).toBeVisible();
      await expectNoAxeViolations(officer.page);
      await Promise.all([officer.context.close(), af.context.close(), eva.context.close()]);
    });
  }
});
