import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { expectNoAxeViolations } from "./support/axe";
import { signInAsClient, signInAsStaff, waitForHydration } from "./support/auth";

/**
 * Secure messaging between functional mailboxes: a Bergs kommun officer writes from Eva's case to
 * Arbetsförmedlingen Östersund's mailbox (the address book filtered by typing, the category her
 * consent lets the municipality disclose, a reference, two lines of content and a PDF). A subject
 * with a personal identity number is refused first with everything typed kept. An AF officer sees
 * the unread count in the header and the bold line in the mailbox, opens the message (line breaks,
 * Eva, category, basis), downloads the PDF with its exact name, takes it, replies under consent
 * and marks it handled; the municipal officer sees "opened by", "handled by" and the reply; Eva
 * sees the opening and the download in her access log. Once in Swedish and once in English, axe
 * on every page. Apart: a 26 MiB attachment is refused with an answer the browser shows.
 */
const texts = {
  sv: {
    locale: "sv-SE",
    write: "Skriv meddelande",
    search: "Sök organisation, enhet eller adress",
    oneShown: "1 brevlåda visas",
    category: "Vilken sorts uppgift lämnar ni ut?",
    incomeSupport: "Ekonomiskt bistånd",
    planning: "Planeringssamtal",
    consent: "Klientens samtycke",
    subject: "Ämne",
    reference: "Er referens (valfritt)",
    content: "Meddelande",
    attachments: "Bilagor (valfritt)",
    send: "Skicka",
    identityError: "Ämnet innehåller något som ser ut som ett personnummer",
    attachAgain: "Välj filerna igen",
    sent: "Meddelandet är skickat och levererat till mottagarens brevlåda.",
    unreadOne: "Meddelanden (1 oläst)",
    mailbox: "Meddelanden",
    filter: "Visa",
    unreadFilter: "Olästa",
    mailboxSearch: "Sök i ämne, referens och den andra enheten",
    unreadMark: "(oläst)",
    claim: "Jag hanterar detta",
    claimed: "Du hanterar nu meddelandet.",
    release: "Lämna tillbaka",
    markHandled: "Markera som hanterat",
    handOver: "Lämna över",
    handled: "Meddelandet är markerat som hanterat.",
    reply: "Svara",
    replyTitle: "Svara på meddelande",
    openedBy: (name: string) => `Öppnat av ${name}, Arbetsförmedlingen Östersund`,
    handledBy: (name: string) => `Hanterat av ${name}`,
    notOpened: "Inte öppnat än",
    myPages: "Mina sidor",
    accessLogTitle: "Vem har tittat på mina uppgifter?",
    openedMessage: "öppnade ett meddelande om dig",
    openedAttachment: "öppnade en bilaga till ett meddelande om dig",
    yourConsent: "ditt samtycke",
    tooLarge: "En bilaga är större än 25 MB. Inget har skickats.",
    newTitle: "Skriv meddelande",
    sentFolder: "Skickat",
  },
  en: {
    locale: "en-GB",
    write: "Write a message",
    search: "Search organisation, unit or address",
    oneShown: "1 mailbox shown",
    category: "What kind of information do you disclose?",
    incomeSupport: "Income support",
    planning: "Planning meeting",
    consent: "The client's consent",
    subject: "Subject",
    reference: "Your reference (optional)",
    content: "Message",
    attachments: "Attachments (optional)",
    send: "Send",
    identityError: "The subject contains something that looks like a personal identity number",
    attachAgain: "Choose the files again",
    sent: "The message has been sent and delivered to the recipient's mailbox.",
    unreadOne: "Messages (1 unread)",
    mailbox: "Messages",
    filter: "Show",
    unreadFilter: "Unread",
    mailboxSearch: "Search subject, reference and the other unit",
    unreadMark: "(unread)",
    claim: "I handle this",
    claimed: "You are now handling the message.",
    release: "Hand back",
    markHandled: "Mark as handled",
    handOver: "Hand over",
    handled: "The message is marked as handled.",
    reply: "Reply",
    replyTitle: "Reply to a message",
    openedBy: (name: string) => `Opened by ${name}, Arbetsförmedlingen Östersund`,
    handledBy: (name: string) => `Handled by ${name}`,
    notOpened: "Not opened yet",
    myPages: "My pages",
    accessLogTitle: "Who has looked at my data?",
    openedMessage: "opened a message about you",
    openedAttachment: "opened an attachment to a message about you",
    yourConsent: "your consent",
    tooLarge: "An attachment is larger than 25 MB. Nothing was sent.",
    newTitle: "Write a message",
    sentFolder: "Sent",
  },
};

// Different demo officers per language (each step of a TOTP code is accepted once per account).
const stories = [
  {
    language: "sv" as const,
    municipal: "sara.lindqvist@berg.samsyn.example",
    af: { email: "erik.holm@af.samsyn.example", name: "Erik Holm" },
    subject: "Försörjningsstöd i december",
    reference: "EB-2026-118",
    lines: ["Hej! Eva har beviljats försörjningsstöd för december.", "Underlaget finns i bilagan."],
    reply: "Tack! Evas nästa planeringssamtal är den 3 december kl. 10.00.",
  },
  {
    language: "en" as const,
    municipal: "mohammed.ali@berg.samsyn.example",
    af: { email: "oliver.nord@af.samsyn.example", name: "Oliver Nord" },
    subject: "Income support in December",
    reference: "EB-2026-119",
    lines: ["Hello! Eva has been granted income support for December.", "The decision is attached."],
    reply: "Thank you! Eva's next planning meeting is on 3 December at 10.00.",
  },
];

const attachmentName = "Underlag åäö.pdf";
const recipient = /^Arbetsförmedlingen – Arbetsförmedlingen Östersund/;
const messageUrl = /\/messages\/([0-9a-f-]{36})(\?.*)?$/;

async function person(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** A small, real one-page PDF (it must open in pdf-lib on the server). */
async function smallPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  page.drawText("Beslut om ekonomiskt bistand, december", { x: 50, y: 780, size: 14, font });
  return Buffer.from(await document.save());
}

async function attach(page: Page, label: string, buffer: Buffer, name = attachmentName) {
  await page.getByLabel(label, { exact: true }).setInputFiles({ name, mimeType: "application/pdf", buffer });
}

test.describe("a message about Eva, answered", () => {
  // The same Eva, the same two mailboxes and the header's unread count: one story after the other.
  test.describe.configure({ mode: "serial" });

  for (const story of stories) {
    test(`a message between mailboxes, in ${story.language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
      test.setTimeout(180_000);
      const t = texts[story.language];
      const pdf = await smallPdf();
      const content = story.lines.join("\n");

      // 1. The municipal officer opens Eva's case and writes to AF's mailbox from it.
      const officer = await person(browser, t.locale);
      await signInAsStaff(officer.page, story.municipal);
      await officer.page.getByRole("link", { name: "SAM-00001", exact: true }).click();
      await expect(officer.page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
      await officer.page.getByRole("link", { name: t.write, exact: true }).click();
      await expect(officer.page).toHaveURL(/\/messages\/new\?case=[0-9a-f-]{36}$/);
      await expect(officer.page.getByRole("heading", { level: 1 })).toHaveText(t.newTitle);
      await expect(officer.page.getByText("SAM-00001")).toBeVisible();
      await waitForHydration(officer.page);
      await expectNoAxeViolations(officer.page);

      // The address book narrows as one types; the radio button picks the mailbox.
      const book = officer.page.getByTestId("address-book");
      await expect(book.getByRole("radio")).not.toHaveCount(1);
      await officer.page.getByLabel(t.search, { exact: true }).fill("Arbetsförmedlingen");
      await expect(book.getByRole("radio")).toHaveCount(1);
      await expect(book).not.toContainText("Försäkringskassan");
      await expect(officer.page.getByText(t.oneShown)).toBeAttached();
      await book.getByRole("radio", { name: recipient }).check();
      await officer.page.getByLabel(t.category).selectOption({ label: t.incomeSupport });
      await officer.page.getByLabel(t.consent, { exact: true }).check();
      // First with Eva's personal identity number in the subject, which lists show in clear.
      await officer.page.getByLabel(t.subject, { exact: true }).fill("Eva 19880412-9826");
      await officer.page.getByLabel(t.reference).fill(story.reference);
      await officer.page.getByLabel(t.content, { exact: true }).fill(content);
      await attach(officer.page, t.attachments, pdf);
      await expectNoAxeViolations(officer.page);
      await officer.page.getByRole("button", { name: t.send, exact: true }).click();

      await expect(officer.page.getByRole("alert")).toContainText(t.identityError);
      await expect(officer.page.getByText(t.attachAgain)).toBeVisible();
      // Everything typed is still there (the file must be chosen again).
      await expect(officer.page.getByLabel(t.subject, { exact: true })).toHaveValue("Eva 19880412-9826");
      await expect(officer.page.getByLabel(t.subject, { exact: true })).toHaveAttribute("aria-describedby", /subject-error/);
      await expect(officer.page.getByLabel(t.reference)).toHaveValue(story.reference);
      await expect(officer.page.getByLabel(t.content, { exact: true })).toHaveValue(content);
      await expect(officer.page.getByLabel(t.category)).toHaveValue("municipality.income_support");
      await expect(officer.page.getByLabel(t.consent, { exact: true })).toBeChecked();
      await expect(book.getByRole("radio", { name: recipient })).toBeChecked();
      await expectNoAxeViolations(officer.page);

      await officer.page.getByLabel(t.subject, { exact: true }).fill(story.subject);
      await attach(officer.page, t.attachments, pdf);
      await officer.page.getByRole("button", { name: t.send, exact: true }).click();
      await expect(officer.page.getByRole("status").filter({ hasText: t.sent })).toBeVisible();
      await expect(officer.page).toHaveURL(messageUrl);
      const messageId = messageUrl.exec(officer.page.url())![1]!;
      const sent = officer.page.getByTestId(`message-${messageId}`);
      await expect(officer.page.getByRole("heading", { level: 1 })).toHaveText(story.subject);
      await expect(sent.getByTestId(`receipts-${messageId}`)).toContainText(t.notOpened);
      await expect(sent.getByRole("link", { name: attachmentName })).toBeVisible();
      await expectNoAxeViolations(officer.page);

      // 2. The AF officer sees the unread count in the header and the bold line in the mailbox.
      const af = await person(browser, t.locale);
      await signInAsStaff(af.page, story.af.email);
      const messagesLink = af.page.getByTestId("messages-link");
      await expect(messagesLink).toHaveText(t.unreadOne);
      await messagesLink.click();
      await expect(af.page.getByRole("heading", { level: 1 })).toHaveText(t.mailbox);
      await waitForHydration(af.page);
      await expectNoAxeViolations(af.page);
      // Only the unread, searched by the sender's reference.
      await af.page.getByLabel(t.filter, { exact: true }).selectOption({ label: t.unreadFilter });
      await af.page.getByLabel(t.mailboxSearch).fill(story.reference);
      await af.page.getByRole("button", { name: t.filter, exact: true }).click();
      await expect(af.page).toHaveURL(/filter=unread/);
      const line = af.page.getByTestId(`mailbox-line-${messageId}`);
      await expect(line).toContainText(story.subject);
      await expect(line).toContainText(t.unreadMark);
      await expect(line).toContainText("SAM-00001");
      await expect(line).toHaveClass(/font-semibold/);
      await expect(af.page.getByRole("table").getByRole("row")).toHaveCount(2);
      await expectNoAxeViolations(af.page);

      await line.getByRole("link", { name: story.subject }).click();
      await expect(af.page).toHaveURL(new RegExp(`/messages/${messageId}$`));
      const received = af.page.getByTestId(`message-${messageId}`);
      await expect(received.getByTestId("message-content")).toHaveJSProperty("innerText", content);
      await expect(received).toContainText("Eva Andersson");
      await expect(received.getByRole("definition").getByText(t.incomeSupport, { exact: true })).toBeVisible();
      await expect(received.getByRole("definition").getByText(t.consent, { exact: true })).toBeVisible();
      await expect(received.getByRole("definition").getByText(story.reference, { exact: true })).toBeVisible();
      await expect(received.getByTestId(`receipts-${messageId}`)).toContainText(t.openedBy(story.af.name));
      // The receiving unit's handling.
      await expect(af.page.getByRole("button", { name: t.claim })).toBeVisible();
      await expect(af.page.getByRole("button", { name: t.markHandled })).toBeVisible();
      await expect(af.page.getByRole("button", { name: t.handOver, exact: true })).toBeVisible();
      await expectNoAxeViolations(af.page);

      // The PDF comes down with its exact name and its bytes.
      const download = af.page.waitForEvent("download");
      await received.getByRole("link", { name: attachmentName }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(attachmentName);
      const bytes = readFileSync((await file.path())!);
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(bytes.equals(pdf)).toBe(true);

      await af.page.getByRole("button", { name: t.claim }).click();
      await expect(af.page.getByRole("status").filter({ hasText: t.claimed })).toBeVisible();
      await expect(af.page.getByRole("button", { name: t.release })).toBeVisible();
      // Opened, the header no longer counts it (read again after the action).
      await expect(af.page.getByTestId("messages-link")).toHaveText(t.mailbox);
      await expectNoAxeViolations(af.page);

      // The reply: the AF officer's own category, which Eva's consent lets AF give the municipality.
      await af.page.getByRole("link", { name: t.reply, exact: true }).click();
      await expect(af.page.getByRole("heading", { level: 1 })).toHaveText(t.replyTitle);
      await waitForHydration(af.page);
      await expect(af.page.getByLabel(t.subject, { exact: true })).toHaveValue(`Sv: ${story.subject}`);
      // A reply goes back to the mailbox it came from: shown, not chosen.
      await expect(af.page.getByTestId("reply-recipient")).toContainText("Bergs kommun, socialtjänsten – Ekonomiskt bistånd");
      await expect(af.page.getByTestId("address-book")).toHaveCount(0);
      await af.page.getByLabel(t.category).selectOption({ label: t.planning });
      await af.page.getByLabel(t.consent, { exact: true }).check();
      await af.page.getByLabel(t.content, { exact: true }).fill(story.reply);
      await expectNoAxeViolations(af.page);
      await af.page.getByRole("button", { name: t.send, exact: true }).click();
      await expect(af.page.getByRole("status").filter({ hasText: t.sent })).toBeVisible();
      await expect(af.page).toHaveURL(messageUrl);
      const replyId = messageUrl.exec(af.page.url())![1]!;
      expect(replyId).not.toBe(messageId);
      await expectNoAxeViolations(af.page);

      // … and marks the municipality's message handled.
      await af.page.goto(`/messages/${messageId}`);
      await waitForHydration(af.page);
      await af.page.getByRole("button", { name: t.markHandled }).click();
      await expect(af.page.getByRole("status").filter({ hasText: t.handled })).toBeVisible();
      await expectNoAxeViolations(af.page);

      // 3. The municipal officer sees who opened and handled it, and the reply, in the thread.
      await officer.page.goto(`/messages/${messageId}`);
      const receipts = officer.page.getByTestId(`receipts-${messageId}`);
      await expect(receipts).toContainText(t.openedBy(story.af.name));
      await expect(receipts).toContainText(t.handledBy(story.af.name));
      const answer = officer.page.getByTestId(`message-${replyId}`);
      await expect(answer.getByTestId("message-content")).toHaveText(story.reply);
      await expect(answer.getByRole("definition").getByText(t.planning, { exact: true })).toBeVisible();
      await expectNoAxeViolations(officer.page);

      // 4. Eva sees in her access log that the AF officer opened the message and its attachment.
      const eva = await person(browser, t.locale);
      await signInAsClient(eva.page, /Eva Andersson/, `/me?lng=${story.language}`);
      await expect(eva.page.getByRole("navigation", { name: t.myPages })).toBeVisible();
      // Other tests write to Eva's log at the same time, so an entry may have moved to an older page.
      const byOfficer = eva.page.getByTestId("access-entry").filter({ hasText: `${story.af.name},` });
      const onSomePage = async (what: string) => {
        for (let page = 0; page < 8; page++) {
          await eva.page.goto(`/me/access-log?page=${page}`);
          await expect(eva.page.getByRole("heading", { level: 1 })).toHaveText(t.accessLogTitle);
          if ((await byOfficer.filter({ hasText: what }).count()) > 0) return byOfficer.filter({ hasText: what }).first();
        }
        throw new Error(`No entry "${what}" by ${story.af.name} in Eva's access log`);
      };
      const opened = await onSomePage(t.openedMessage);
      await expect(opened).toContainText("Arbetsförmedlingen Östersund");
      await expect(opened).toContainText(t.yourConsent);
      await expect(opened).toContainText("SAM-00001");
      await expectNoAxeViolations(eva.page);
      const attachmentOpened = await onSomePage(t.openedAttachment);
      await expect(attachmentOpened).toContainText("Arbetsförmedlingen Östersund");
      await expect(attachmentOpened).toContainText(t.yourConsent);

      for (const someone of [officer, af, eva]) await someone.context.close();
    });
  }
});

// An attachment over the limit, over real HTTP from the browser: the server stops reading early
// and answers; the browser must show that answer (not a connection reset) with the form kept.
const oversize = [
  { language: "sv" as const, officer: "elin.strand@berg.samsyn.example", subject: "Stor bilaga", content: "Här är beslutet.\nSe bilagan." },
  { language: "en" as const, officer: "johanna.berg@berg.samsyn.example", subject: "Large attachment", content: "Here is the decision.\nSee the attachment." },
];

test.describe("an attachment over 25 MB", () => {
  test.describe.configure({ mode: "serial" });

  for (const story of oversize) {
    test(`is refused with an answer the page shows, in ${story.language === "sv" ? "Swedish" : "English"}`, async ({ browser }) => {
      test.setTimeout(120_000);
      const t = texts[story.language];
      const officer = await person(browser, t.locale);
      await signInAsStaff(officer.page, story.officer);
      await officer.page.goto("/messages/new");
      await expect(officer.page.getByRole("heading", { level: 1 })).toHaveText(t.newTitle);
      await waitForHydration(officer.page);
      await officer.page.getByTestId("address-book").getByRole("radio", { name: recipient }).check();
      await officer.page.getByLabel(t.subject, { exact: true }).fill(story.subject);
      await officer.page.getByLabel(t.content, { exact: true }).fill(story.content);
      // 26 MiB: a PDF header and zeros (refused for its size long before anything reads it as a PDF).
      const big = Buffer.alloc(26 * 1024 * 1024);
      big.write("%PDF-1.7\n", 0, "latin1");
      await attach(officer.page, t.attachments, big, "stor.pdf");

      const failures: string[] = [];
      officer.page.on("requestfailed", (request) => failures.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
      const answered = officer.page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith("/messages/new"));
      await officer.page.getByRole("button", { name: t.send, exact: true }).click();
      const response = await answered;
      expect(response.status(), `failed requests: ${failures.join("; ")}`).toBe(413);

      await expect(officer.page.getByRole("alert")).toHaveText(t.tooLarge);
      await expect(officer.page.getByLabel(t.subject, { exact: true })).toHaveValue(story.subject);
      await expect(officer.page.getByLabel(t.content, { exact: true })).toHaveValue(story.content);
      await expect(officer.page.getByTestId("address-book").getByRole("radio", { name: recipient })).toBeChecked();
      await expect(officer.page.getByLabel(t.attachments, { exact: true })).toHaveAttribute("aria-describedby", /attachments-error/);
      expect(failures).toEqual([]);
      await expectNoAxeViolations(officer.page);

      // Nothing was sent.
      await officer.page.goto("/messages?folder=sent");
      await expect(officer.page.getByRole("heading", { level: 1 })).toHaveText(t.mailbox);
      await expect(officer.page.getByRole("link", { name: t.sentFolder, exact: true })).toHaveAttribute("aria-current", "page");
      await expect(officer.page.getByText(story.subject)).toHaveCount(0);

      await officer.context.close();
    });
  }
});
