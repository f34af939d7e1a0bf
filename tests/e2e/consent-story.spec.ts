import { readFileSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { expectHeadingsInOrder, expectNoAxeViolations } from "./support/axe";
import { signInAsClient, signInAsStaff } from "./support/auth";

/**
 * The Eva story (issue 4): a Bergs kommun officer opens a case and asks for consent for AF and
 * FK to share listed categories; Eva signs in with test e-ID, accepts, downloads the receipt;
 * the AF officer now sees the case; Eva withdraws AF's line; the AF officer's next request for
 * the case answers 404. Once in Swedish and once in English, with other demo officers each time.
 */
const texts = {
  sv: {
    locale: "sv-SE",
    search: "Personnummer",
    find: "Sök",
    open: "Öppna nytt samverkansärende",
    ask: "Be om samtycke",
    af: "Arbetsförmedlingen",
    fk: "Försäkringskassan",
    afGives: "Vad får Arbetsförmedlingen lämna till Bergs kommun, socialtjänsten?",
    fkGives: "Vad får Försäkringskassan lämna till Bergs kommun, socialtjänsten?",
    daysUsed: "Förbrukade dagar i JOB",
    sickness: "Sjukpenning",
    purpose: "Syfte, med enkla ord",
    send: "Skicka frågan till personen",
    requested: "Frågan om samtycke är skickad",
    myConsents: "Mina samtycken",
    answer: "Läs och svara",
    accept: "Säg ja och signera",
    sign: "Signera",
    receipt: "Kvitto på samtycke",
    download: "Ladda ner kvittot (JSON, HL7 FHIR)",
    revokeAf: "Återkalla: Arbetsförmedlingen får lämna Förbrukade dagar i JOB",
    confirm: "Ja, återkalla",
    revoked: "Ditt samtycke är återkallat",
    notFound: "Sidan finns inte",
    notShared: "Inte delat med din organisation",
  },
  en: {
    locale: "en-GB",
    search: "Personal identity number",
    find: "Search",
    open: "Open a new collaboration case",
    ask: "Ask for consent",
    af: "Arbetsförmedlingen",
    fk: "Försäkringskassan",
    afGives: "What may Arbetsförmedlingen give to Bergs kommun, socialtjänsten?",
    fkGives: "What may Försäkringskassan give to Bergs kommun, socialtjänsten?",
    daysUsed: "Days used in the job and development guarantee",
    sickness: "Sickness benefit",
    purpose: "Purpose, in plain words",
    send: "Send the question to the person",
    requested: "The consent request has been sent",
    myConsents: "My consents",
    answer: "Read and answer",
    accept: "Say yes and sign",
    sign: "Sign",
    receipt: "Consent receipt",
    download: "Download the receipt (JSON, HL7 FHIR)",
    revokeAf: "Withdraw: Arbetsförmedlingen may give Days used in the job and development guarantee",
    confirm: "Yes, withdraw",
    revoked: "Your consent is withdrawn",
    notFound: "Page not found",
    notShared: "Not shared with your organisation",
  },
};

const stories = [
  { language: "sv" as const, municipal: "mohammed.ali@berg.samsyn.example", af: "fatima.hassan@af.samsyn.example" },
  { language: "en" as const, municipal: "sara.lindqvist@berg.samsyn.example", af: "erik.holm@af.samsyn.example" },
];

async function person(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

// One Eva for both stories: they run one after the other so that each answers its own question.
test.describe.configure({ mode: "serial" });

for (const story of stories) {
  test(`the Eva story in ${story.language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const t = texts[story.language];

    // 1. The municipal officer finds Eva and opens a case.
    const officer = await person(browser, t.locale);
    await signInAsStaff(officer.page, story.municipal);
    await officer.page.getByLabel(t.search, { exact: true }).fill("880412-9826");
    await officer.page.getByRole("button", { name: t.find, exact: true }).click();
    await expect(officer.page.getByTestId("lookup-result")).toContainText("Eva Andersson");
    await expectNoAxeViolations(officer.page);
    await officer.page.getByRole("button", { name: t.open }).click();
    await expect(officer.page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = officer.page.url();
    // The URL changes before the new page has rendered: read its heading only once it is the case's.
    await expect(officer.page.getByRole("heading", { level: 1 })).toHaveText(/SAM-\d{5}/);
    const reference = /SAM-\d{5}/.exec((await officer.page.getByRole("heading", { level: 1 }).textContent())!)![0];
    await expectNoAxeViolations(officer.page);

    // 2. … and asks for consent for AF and FK to share one category each.
    await officer.page.getByRole("link", { name: t.ask }).click();
    await expect(officer.page).toHaveURL(/\/consents\/new$/);
    await expect(officer.page.getByRole("button", { name: t.send })).toBeVisible();
    await expectNoAxeViolations(officer.page);
    await officer.page.getByText(t.af, { exact: true }).click();
    await officer.page.getByRole("group", { name: t.afGives }).getByLabel(t.daysUsed, { exact: true }).check();
    await officer.page.getByText(t.fk, { exact: true }).click();
    await officer.page.getByRole("group", { name: t.fkGives }).getByLabel(t.sickness, { exact: true }).check();
    await officer.page.getByLabel(t.purpose).fill("Att vi tillsammans planerar din väg till arbete.");
    await officer.page.getByRole("button", { name: t.send }).click();
    await expect(officer.page.getByRole("status")).toContainText(t.requested);

    // 3. Eva signs in with test e-ID, reads the question, says yes and signs again.
    const eva = await person(browser, t.locale);
    await signInAsClient(eva.page, /Eva Andersson/, `/me?lng=${story.language}`);
    await eva.page.getByRole("navigation", { name: story.language === "sv" ? "Mina sidor" : "My pages" }).getByRole("link", { name: t.myConsents }).click();
    await expect(eva.page.getByRole("heading", { level: 1 })).toHaveText(t.myConsents);
    await expectNoAxeViolations(eva.page);
    await eva.page.getByRole("link", { name: t.answer }).first().click();
    await expect(eva.page.getByText(t.daysUsed)).toBeVisible();
    await expectNoAxeViolations(eva.page);
    await eva.page.getByRole("button", { name: t.accept }).click();
    // A fresh authentication at the e-ID provider is the signature.
    await expect(eva.page).toHaveURL(/localhost:\d+\/interaction\//);
    await eva.page.getByLabel(/Eva Andersson/).check();
    await eva.page.getByRole("button", { name: t.sign, exact: true }).click();
    await expect(eva.page.getByRole("heading", { level: 1 })).toHaveText(t.receipt);
    await expect(eva.page.getByRole("status")).toBeVisible();
    await expect(eva.page.getByRole("status")).toBeFocused();
    await expectNoAxeViolations(eva.page);
    await expectHeadingsInOrder(eva.page);
    const download = eva.page.waitForEvent("download");
    await eva.page.getByRole("link", { name: t.download }).click();
    const fhir = JSON.parse(readFileSync((await (await download).path())!, "utf8"));
    expect(fhir).toMatchObject({ resourceType: "Consent", status: "active", patient: { identifier: { value: "198804129826" } } });
    expect(JSON.stringify(fhir.provision)).toContain("af.days_used_job");

    // 4. The AF officer now sees the case.
    const af = await person(browser, t.locale);
    await signInAsStaff(af.page, story.af);
    await af.page.getByRole("link", { name: reference }).click();
    await expect(af.page).toHaveURL(caseUrl);
    await expect(af.page.getByRole("heading", { level: 1 })).toContainText(reference);
    await expect(af.page.getByRole("definition").getByText("Eva Andersson", { exact: true })).toBeVisible();
    await expectNoAxeViolations(af.page);
    const afCaseUrl = af.page.url();

    // The municipality sees AF's line, but FK's information is still not shared with AF.
    await officer.page.reload();
    await expect(officer.page.getByTestId("section-af.days_used_job")).not.toContainText(t.notShared);
    await expect(af.page.getByTestId("section-fk.sickness_benefit")).toContainText(t.notShared);

    // 5. Eva withdraws AF's line, in two clicks.
    await eva.page.getByRole("link", { name: t.myConsents }).first().click();
    await eva.page.getByRole("link", { name: t.revokeAf }).click();
    await expect(eva.page.getByRole("button", { name: t.confirm })).toBeVisible();
    await expectNoAxeViolations(eva.page);
    await eva.page.getByRole("button", { name: t.confirm }).click();
    await expect(eva.page.getByRole("status")).toContainText(t.revoked);
    // The focus lands on the confirmation, not on the page body.
    await expect(eva.page.getByRole("status")).toBeFocused();

    // 6. The AF officer's next request for the case answers 404.
    const response = await af.page.goto(afCaseUrl);
    expect(response?.status()).toBe(404);
    await expect(af.page.getByRole("heading", { level: 1 })).toHaveText(t.notFound);

    for (const someone of [officer, eva, af]) await someone.context.close();
  });
}
