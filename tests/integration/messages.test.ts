import { and, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, cases, consents, mailboxThreads, messageEvents, messages, orgUnits, staffUnitMemberships, users, type AuditEvent } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import type { Folder, MailboxFilter } from "~/access/reads/messages.server";
import { installJobQueue } from "~/jobs.server";
import { db, getDatabase } from "~/lib/db.server";
import { accessLogPage } from "~/services/audit/access-log.server";
import { reviewAuditTrail } from "~/services/audit/review.server";
import { revokeConsent } from "~/services/consent/revoke.server";
import type { MessageInput } from "~/services/messages/forms";
import { countUnopenedMessages, handleMessage, listMailbox, openThread } from "~/services/messages/mailbox.server";
import { composeOptions, sendMessage } from "~/services/messages/send.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClientActor, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";
import { refusal } from "../support/refusals";
import { textAttachment } from "../support/attachments";
import { messageInput } from "../support/messages";

/**
 * Secure messaging through the services, each call one gated request: sending to a functional
 * mailbox (general, about a client under consent or a statute, refused outside the consent),
 * the subject check, encryption at rest, receipts (delivered, opened by a named officer,
 * handled), claims and hand-overs, replies in the thread, the mailbox's lists, protected
 * identities, the client's access log, and what a withdrawn consent leaves.
 */
useTestDatabase();

let sara: StaffActor, elin: StaffActor, erik: StaffActor, fatima: StaffActor, karin: StaffActor, lena: StaffActor, ahmed: StaffActor;
let eva: ClientActor;
let evaCase: string, samCase: string, evaId: string, consentId: string;
const unit: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  // The job queue's own tables, as `npm run db:migrate` installs them: notices are queued there.
  await installJobQueue(getDatabase());
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  elin = await staffActor("elin.strand@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  fatima = await staffActor("fatima.hassan@af.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  ahmed = await staffActor("ahmed.karimi@berg.samsyn.example");
  const mailboxes: Record<string, string> = { "ostersund@af.samsyn.example": "af", "ekonomiskt.bistand@berg.samsyn.example": "berg", "ostersund@fk.samsyn.example": "fk", "ame@berg.samsyn.example": "ame" };
  for (const row of await db().select().from(orgUnits)) if (mailboxes[row.mailbox]) unit[mailboxes[row.mailbox]!] = row.id;
  eva = await demoClientActor("Eva");
  evaId = eva.clientId;
  evaCase = (await demoCaseOf("Eva")).id;
  samCase = (await demoCaseOf("Sam")).id;
  consentId = (await db().select().from(consents).where(eq(consents.caseId, evaCase)))[0]!.id;
});

const write = (overrides: Partial<MessageInput> = {}): MessageInput =>
  messageInput({ recipientUnitId: unit.af!, subject: "Planering inför december", content: "Hej!\nKan vi ses på måndag?", ...overrides });
const aboutEva = (overrides: Partial<MessageInput> = {}) => write({ caseId: evaCase, categoryCode: "municipality.income_support", ...overrides });
const send = (actor: StaffActor, input: MessageInput) => viaGate(actor, sendMessage, input, []);

/** The ids of every line of a folder, page after page (none longer than 25 lines), as an officer of the actor's unit sees them. */
async function everyLine(actor: StaffActor, query: { folder: Folder; filter: MailboxFilter }): Promise<string[]> {
  const ids: string[] = [];
  let after = "";
  do {
    const page = await viaGate(actor, listMailbox, { ...query, search: "", after });
    expect(page.lines.length).toBeLessThanOrEqual(25);
    ids.push(...page.lines.map((line) => line.id));
    after = page.next ?? "";
  } while (after);
  return ids;
}
const rowOf = async (id: string) => (await db().select().from(messages).where(eq(messages.id, id)))[0]!;
const countMessages = async () => Number((await db().select({ n: sql<number>`count(*)` }).from(messages))[0]!.n);

/** The audit events `call` wrote. */
async function recorded(call: () => Promise<unknown>): Promise<AuditEvent[]> {
  const [last] = await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  await call();
  return db().select().from(auditEvents).where(gt(auditEvents.id, last?.id ?? 0)).orderBy(auditEvents.id);
}

describe("sending", () => {
  it("a general message goes to the unit's mailbox: envelope in clear, content encrypted, delivered, a notice queued", async () => {
    const { messageId, threadId } = await send(sara, write({ recipientUnitId: unit.fk!, subject: "Samverkansdag i januari", senderReference: "Dnr 2026/117", content: "Hemligt-innehåll-123\nRad två" }));
    expect(threadId).toBe(messageId);
    const row = await rowOf(messageId);
    expect(row).toMatchObject({ subject: "Samverkansdag i januari", senderReference: "Dnr 2026/117", senderUnitId: unit.berg, recipientUnitId: unit.fk, sentBy: "demo-sara", caseId: null, clientId: null, basis: null });
    expect(row.deliveredAt).toEqual(row.sentAt);
    // Encrypted at rest: the row (and any row of the database's message tables) holds no plain text.
    const raw = await db().execute(sql`select * from messages where id = ${messageId}`);
    expect(JSON.stringify(raw)).not.toContain("Hemligt-innehåll-123");
    expect(row.contentEncrypted).toMatch(/^v\d+\./);
    const events = await db().select().from(messageEvents).where(eq(messageEvents.messageId, messageId));
    expect(events.map((event) => event.kind).sort()).toEqual(["delivered", "sent"]);
    const jobs = await db().execute(sql`select data from pgboss.job where name = 'message-notice'`);
    const rows = (Array.isArray(jobs) ? jobs : (jobs as { rows: unknown[] }).rows) as { data: { unitId: string; messageId: string } }[];
    expect(rows.map((job) => job.data)).toContainEqual({ unitId: unit.fk, messageId });
  });

  it("about a client, the gate lets the consent's category through and records the disclosure with its basis", async () => {
    let id = "";
    const events = await recorded(async () => {
      id = (await send(sara, aboutEva({ subject: "Eva – försörjningsstöd" }))).messageId;
    });
    expect(await rowOf(id)).toMatchObject({ caseId: evaCase, clientId: evaId, categoryCode: "municipality.income_support", basis: `consent:${consentId}` });
    const about = events.filter((event) => event.clientId === evaId);
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ action: "message.send", outcome: "success", category: "municipality.income_support", basis: `consent:${consentId}`, resourceId: id });
  });

  it("refuses a category the consent does not let the sender disclose to the recipient: nothing stored, the refusal recorded", async () => {
    const before = await countMessages();
    let error: Awaited<ReturnType<typeof refusal>> | undefined;
    const events = await recorded(async () => {
      error = await refusal(send(sara, aboutEva({ categoryCode: "municipality.social_plan" })));
    });
    expect(error).toMatchObject({ code: "messages.outside_consent", status: 403 });
    expect(await countMessages()).toBe(before);
    expect(events.find((event) => event.clientId === evaId)).toMatchObject({ action: "message.send", outcome: "withheld", reason: "wrong_category" });
    // The consent names AF as recipient, not Försäkringskassan.
    expect(await refusal(send(sara, aboutEva({ recipientUnitId: unit.fk! })))).toMatchObject({ code: "messages.outside_consent" });
    // Only the sender's own organisation's categories can be disclosed.
    expect(await refusal(send(sara, aboutEva({ categoryCode: "af.action_plan" })))).toMatchObject({ code: "messages.category_required" });
    expect(await countMessages()).toBe(before);
  });

  it("under a named statute with a reason, without consent", async () => {
    expect(await refusal(send(sara, aboutEva({ recipientUnitId: unit.fk!, basis: "legal", legalReference: "OSL 10 kap. 28 §", legalJustification: "" })))).toMatchObject({ code: "messages.justification_required" });
    expect(await refusal(send(sara, aboutEva({ recipientUnitId: unit.fk!, basis: "legal", legalReference: "Påhittad lag", legalJustification: "Uppgiftsskyldighet enligt lag." })))).toMatchObject({ code: "messages.statute_required" });
    const { messageId } = await send(sara, aboutEva({ recipientUnitId: unit.fk!, basis: "legal", legalReference: "SFB 110 kap. 31 §", legalJustification: "Försäkringskassan behöver uppgiften för sitt beslut." }));
    expect(await rowOf(messageId)).toMatchObject({ basis: "legal:SFB 110 kap. 31 §", legalJustification: "Försäkringskassan behöver uppgiften för sitt beslut." });
  });

  it("refuses a case the sender may not see (404) and a message to the sender's own unit", async () => {
    expect(await refusal(send(karin, write({ recipientUnitId: unit.af!, caseId: evaCase, categoryCode: "fk.sgi" })))).toMatchObject({ status: 404 });
    expect(await refusal(send(sara, write({ recipientUnitId: unit.berg! })))).toMatchObject({ code: "messages.recipient_required" });
    expect(await refusal(send(lena, write({ recipientUnitId: unit.fk! })))).toMatchObject({ code: "messages.not_allowed" });
  });

  it.each([
    "Eva 19880412-9826",
    "880412-9826 om planering",
    "8804129826",
    "198804129826",
    "1988 04 12 9826",
    "1988-04-12-9826",
    "samordningsnummer 880472-9829",
    "fel kontrollsiffra 880412-9827",
  ])("refuses the subject %j: it holds a personal identity or coordination number", async (subject) => {
    const before = await countMessages();
    expect(await refusal(send(sara, write({ subject })))).toMatchObject({ code: "messages.subject_identity_number", status: 400 });
    expect(await countMessages()).toBe(before);
  });

  it("keeps identity numbers out of the rest of the envelope too, and out of a message linked to no case", async () => {
    const before = await countMessages();
    expect(await refusal(send(sara, write({ senderReference: "Dnr 19880412-9826" })))).toMatchObject({ code: "messages.reference_identity_number" });
    expect(await refusal(send(sara, aboutEva({ recipientUnitId: unit.fk!, basis: "legal", legalReference: "OSL 10 kap. 28 §", legalJustification: "Gäller 19880412-9826 som ansökt." })))).toMatchObject({
      code: "messages.justification_identity_number",
    });
    expect(await refusal(viaGate(sara, sendMessage, write(), [textAttachment("Eva 19880412-9826.txt", "x")]))).toMatchObject({ code: "messages.filename_identity_number" });
    expect(await refusal(send(sara, write({ content: "Gäller 880412-9826, se bifogat." })))).toMatchObject({ code: "messages.general_identity_number" });
    // A text attachment is read too, also across the chunks it is stored in (16 bytes here: the
    // number is cut after "19880412", and two of the "ö" in two).
    for (const file of [textAttachment("anteckning.txt", "Eva Andersson 19880412-9826: försörjningsstöd"), textAttachment("lång.txt", `a${"ö".repeat(17)}Eva 19880412-9826`, 16)]) {
      expect(await refusal(viaGate(sara, sendMessage, write({ content: "Se bilaga." }), [file]))).toMatchObject({
        code: "messages.general_attachment_identity_number",
        status: 400,
      });
    }
    expect(await countMessages()).toBe(before);
    // Linked to the case, the content may name the person: the gate weighs it and the person sees who reads it.
    await send(sara, aboutEva({ content: "Gäller 880412-9826." }));
    await viaGate(sara, sendMessage, aboutEva({ content: "Se bilaga." }), [textAttachment("anteckning.txt", "Eva Andersson 19880412-9826")]);
    await viaGate(sara, sendMessage, write({ content: "Se bilaga." }), [textAttachment("rutin.txt", "Ring växeln före kl. 10 den 3 december, dnr 2026-1234.", 8)]);
  });

  it("the form offers the address book without the sender's own unit, and the sender's own categories on a case", async () => {
    const options = await viaGate(sara, composeOptions, { caseId: evaCase });
    expect(options.addressBook.map((entry) => entry.unitId)).not.toContain(unit.berg);
    expect(options.addressBook.map((entry) => entry.mailbox)).toContain("ostersund@af.samsyn.example");
    expect(options.categories.map((category) => category.code)).toContain("municipality.income_support");
    expect(options.categories.every((category) => category.code.startsWith("municipality."))).toBe(true);
    expect(options.about).toMatchObject({ caseId: evaCase, client: { name: "Eva Andersson" } });
    expect(await refusal(viaGate(karin, composeOptions, { caseId: evaCase }))).toMatchObject({ status: 404 });
  });
});

describe("the receiving unit", () => {
  let id = "";
  beforeAll(async () => {
    id = (await send(sara, aboutEva({ subject: "Underlag inför avstämning", content: "Rad ett\nRad två" }))).messageId;
  });

  it("counts it unopened, lists it, and the first officer to open it is the 'opened' receipt", async () => {
    expect(await countUnopenedMessages([unit.af!])).toBeGreaterThan(0);
    const inbox = await viaGate(erik, listMailbox, { folder: "inbox", filter: "unread", search: "", after: "" });
    expect(inbox.lines.find((line) => line.id === id)).toMatchObject({ subject: "Underlag inför avstämning", opened: false, received: true, counterpart: { unit: "Ekonomiskt bistånd" } });

    const events = await recorded(async () => {
      const thread = await viaGate(erik, openThread, id);
      const message = thread.messages.find((candidate) => candidate.id === id)!;
      expect(message.content).toBe("Rad ett\nRad två");
      expect(message.client).toMatchObject({ name: "Eva Andersson" });
      expect(message.receipts.opened).toMatchObject({ by: "Erik Holm", unit: { unit: "Arbetsförmedlingen Östersund" } });
      expect(thread.canHandle).toBe(true);
    });
    const opened = events.find((event) => event.clientId === evaId)!;
    expect(opened).toMatchObject({ action: "message.read", outcome: "allowed", actorUserId: "demo-erik", category: "municipality.income_support", basis: `consent:${consentId}`, resourceId: id });

    // A colleague opening it later does not change the receipt.
    await viaGate(fatima, openThread, id);
    expect(await rowOf(id)).toMatchObject({ openedBy: "demo-erik" });
    const unread = await viaGate(erik, listMailbox, { folder: "inbox", filter: "unread", search: "", after: "" });
    expect(unread.lines.map((line) => line.id)).not.toContain(id);
    // The sender sees who opened it.
    const seen = await viaGate(sara, openThread, id);
    expect(seen.messages[0]!.receipts.opened).toMatchObject({ by: "Erik Holm" });
    expect(seen.canHandle).toBe(false);
    expect(await rowOf(id)).toMatchObject({ openedBy: "demo-erik" });
  });

  it("is the only one besides the sender who can open it (404 for others)", async () => {
    for (const outsider of [karin, ahmed, lena]) expect(await refusal(viaGate(outsider, openThread, id))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(erik, openThread, "00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404 });
  });

  it("claims, hands over and marks handled; the thread shows who did what", async () => {
    await viaGate(erik, handleMessage, id, { intent: "claim" });
    expect(await refusal(viaGate(fatima, handleMessage, id, { intent: "claim" }))).toMatchObject({ code: "messages.claimed_by_other", status: 409 });
    expect(await refusal(viaGate(sara, handleMessage, id, { intent: "claim" }))).toMatchObject({ status: 404 });
    expect(await refusal(viaGate(erik, handleMessage, id, { intent: "hand_over", toUserId: "demo-sara" }))).toMatchObject({ code: "messages.colleague_required" });
    await viaGate(erik, handleMessage, id, { intent: "hand_over", toUserId: "demo-fatima" });
    expect(await rowOf(id)).toMatchObject({ claimedBy: "demo-fatima" });
    // The mailbox's line names who holds it, and the case it is about.
    const [evaNumber] = await db().select({ number: cases.number }).from(cases).where(eq(cases.id, evaCase));
    const line = (await viaGate(erik, listMailbox, { folder: "inbox", filter: "all", search: "", after: "" })).lines.find((candidate) => candidate.id === id);
    expect(line).toMatchObject({ claimedBy: "Fatima Hassan", caseReference: `SAM-${String(evaNumber!.number).padStart(5, "0")}` });
    expect(await refusal(viaGate(erik, handleMessage, id, { intent: "release" }))).toMatchObject({ code: "messages.not_claimed" });
    await viaGate(fatima, handleMessage, id, { intent: "handled" });
    expect(await refusal(viaGate(fatima, handleMessage, id, { intent: "handled" }))).toMatchObject({ code: "messages.already_handled" });

    const thread = await viaGate(sara, openThread, id);
    const message = thread.messages[0]!;
    expect(message.receipts.handled).toMatchObject({ by: "Fatima Hassan" });
    expect(message.history.map((line) => line.kind)).toEqual(["sent", "delivered", "opened", "claimed", "handed_over", "handled"]);
    expect(message.history.find((line) => line.kind === "handed_over")).toMatchObject({ by: "Erik Holm", to: "Fatima Hassan" });
    const handled = await viaGate(erik, listMailbox, { folder: "inbox", filter: "handled", search: "", after: "" });
    expect(handled.lines.map((line) => line.id)).toContain(id);
    await viaGate(erik, handleMessage, id, { intent: "reopen" });
    expect(await rowOf(id)).toMatchObject({ handledAt: null });
  });

  it("sends a reply only back to the other unit of its message", async () => {
    const before = await countMessages();
    expect(await refusal(send(erik, write({ recipientUnitId: unit.fk!, inReplyTo: id, categoryCode: "af.planning_meeting", subject: "Sv: vidare" })))).toMatchObject({ code: "messages.reply_recipient" });
    expect(await refusal(send(erik, write({ recipientUnitId: unit.fk!, inReplyTo: id, basis: "legal", legalReference: "OSL 10 kap. 28 §", legalJustification: "Vidare till FK enligt lag.", categoryCode: "af.planning_meeting" })))).toMatchObject({
      code: "messages.reply_recipient",
    });
    expect(await countMessages()).toBe(before);
  });

  it("frees a message held by someone who left the unit, and hands over to anyone who works there", async () => {
    const held = (await send(sara, write({ subject: "Kvar hos någon som slutat" }))).messageId;
    await viaGate(fatima, handleMessage, held, { intent: "claim" });
    expect(await refusal(viaGate(erik, handleMessage, held, { intent: "claim" }))).toMatchObject({ code: "messages.claimed_by_other" });
    await db().update(users).set({ active: false }).where(eq(users.id, "demo-fatima"));
    try {
      const thread = await viaGate(erik, openThread, held);
      expect(thread.messages[0]!.claimedBy).toMatchObject({ name: "Fatima Hassan", active: false });
      await viaGate(erik, handleMessage, held, { intent: "claim" });
      expect(await rowOf(held)).toMatchObject({ claimedBy: "demo-erik" });
      // A colleague who works in the unit through a membership can be handed it.
      await db().insert(staffUnitMemberships).values({ userId: "demo-karin", unitId: unit.af! });
      await viaGate(erik, handleMessage, held, { intent: "hand_over", toUserId: "demo-karin" });
      expect(await rowOf(held)).toMatchObject({ claimedBy: "demo-karin" });
    } finally {
      await db().update(users).set({ active: true }).where(eq(users.id, "demo-fatima"));
      await db().delete(staffUnitMemberships).where(eq(staffUnitMemberships.userId, "demo-karin"));
    }
  });

  it("replies in the thread, disclosing its own category under the consent; the sender sees the reply", async () => {
    expect(await refusal(send(erik, write({ recipientUnitId: unit.berg!, inReplyTo: id, categoryCode: "af.days_used_job", subject: "Sv: Underlag" })))).toMatchObject({ code: "messages.outside_consent" });
    const reply = await send(erik, write({ recipientUnitId: unit.berg!, inReplyTo: id, categoryCode: "af.planning_meeting", subject: "Sv: Underlag inför avstämning", content: "Planeringssamtal 3 december." }));
    expect(reply.threadId).toBe(id);
    expect(await rowOf(reply.messageId)).toMatchObject({ caseId: evaCase, inReplyTo: id, basis: `consent:${consentId}`, categoryCode: "af.planning_meeting" });
    const thread = await viaGate(sara, openThread, id);
    expect(thread.messages.map((message) => message.content)).toEqual(["Rad ett\nRad två", "Planeringssamtal 3 december."]);
    const threads = await viaGate(sara, listMailbox, { folder: "threads", filter: "all", search: "", after: "" });
    expect(threads.lines.filter((line) => line.id === id || line.id === reply.messageId).map((line) => line.id)).toEqual([reply.messageId]);
  });

  it("Eva's access log shows who opened a message about her, with category and basis, never the content", async () => {
    const page = await viaGate(eva, accessLogPage, {}, 0);
    const opened = page.entries.filter((entry) => entry.action === "message.read" && entry.officer?.name === "Erik Holm");
    expect(opened.length).toBeGreaterThan(0);
    expect(opened[0]).toMatchObject({ unit: { name: "Arbetsförmedlingen Östersund" }, basis: `consent:${consentId}` });
    expect(opened[0]!.categories.map((category) => category.code)).toContain("municipality.income_support");
    expect(JSON.stringify(page)).not.toContain("Rad ett");
  });
});

describe("the auditor", () => {
  it("searches the organisation's message events, and only those", async () => {
    const review = await viaGate(lena, reviewAuditTrail, { area: "message" });
    expect(review.events.length).toBeGreaterThan(0);
    expect(review.events.every((event) => event.action.startsWith("message.") || event.action.startsWith("mailbox."))).toBe(true);
    expect(review.events.some((event) => event.action === "message.read" && event.officer?.name === "Erik Holm")).toBe(true);
    const all = await viaGate(lena, reviewAuditTrail, {});
    expect(all.events.some((event) => !event.action.startsWith("message.") && !event.action.startsWith("mailbox."))).toBe(true);
  });
});

describe("the mailbox", () => {
  it("searches subject, reference and sender, and pages by (sent time, id)", async () => {
    for (let i = 0; i < 27; i++) await send(elin, write({ recipientUnitId: unit.ame!, subject: `Veckorapport ${i}`, senderReference: i === 3 ? "DNR-XYZ" : "" }));
    const first = await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "Veckorapport", after: "" });
    expect(first.lines).toHaveLength(25);
    expect(first.next).not.toBeNull();
    const second = await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "Veckorapport", after: first.next! });
    expect(second.lines).toHaveLength(2);
    expect(new Set([...first.lines, ...second.lines].map((line) => line.id)).size).toBe(27);
    expect(second.next).toBeNull();
    expect((await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "dnr-xyz", after: "" })).lines.map((line) => line.subject)).toEqual(["Veckorapport 3"]);
    const bySender = await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "ekonomiskt bistånd", after: "" });
    expect(bySender.lines).toHaveLength(25);
    expect(bySender.next).not.toBeNull();
    expect((await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "100%_\\", after: "" })).lines).toHaveLength(0);
    const sent = await viaGate(elin, listMailbox, { folder: "sent", filter: "all", search: "", after: "" });
    expect(sent.lines.every((line) => !line.received)).toBe(true);
    // In Sent and in the threads the search finds the unit a message went to, never the searcher's own.
    for (const folder of ["sent", "threads"] as const) {
      const toAme = await viaGate(elin, listMailbox, { folder, filter: "all", search: "arbetsmarknadsenheten", after: "" });
      expect(toAme.lines.length, folder).toBeGreaterThan(0);
      expect(toAme.lines.every((line) => line.counterpart.unit === "Arbetsmarknadsenheten"), folder).toBe(true);
      const own = await viaGate(elin, listMailbox, { folder, filter: "all", search: "ekonomiskt bistånd", after: "" });
      expect(own.lines.filter((line) => !/ekonomiskt bistånd/i.test(line.subject)), folder).toEqual([]);
    }
    // Unread among the threads is what the unit received and has not opened, as in the header: not
    // its own messages that the other unit has not opened yet (those are Sent's unread).
    const unreadThreads = await viaGate(elin, listMailbox, { folder: "threads", filter: "unread", search: "", after: "" });
    expect(unreadThreads.lines.every((line) => line.received && !line.opened)).toBe(true);
    const unopenedSent = await viaGate(elin, listMailbox, { folder: "sent", filter: "unread", search: "Veckorapport", after: "" });
    expect(unopenedSent.lines.length).toBe(25);
    // A sent line names the unit it went to; a received one the unit it came from.
    expect(sent.lines.find((line) => line.subject === "Veckorapport 3")?.counterpart).toEqual({ unit: "Arbetsmarknadsenheten", organization: "Bergs kommun, arbetsmarknadsenheten" });
    expect(first.lines[0]!.counterpart).toMatchObject({ unit: "Ekonomiskt bistånd" });
    // Another unit's mailbox shows none of it.
    const other = await viaGate(erik, listMailbox, { folder: "inbox", filter: "all", search: "Veckorapport", after: "" });
    expect(other.lines).toHaveLength(0);
  });

  it("lists each thread once by its latest message, for sender and recipient alike, a page at a time", async () => {
    // Each unit's threads as the folder must list them, computed from the messages themselves.
    const expected = async (unitId: string) => {
      const rows = await getDatabase().rows<{ id: string }>(sql`
        select id from (select distinct on (thread_id) id, sent_at from messages where ${messages.recipientUnitId} = ${unitId} or ${messages.senderUnitId} = ${unitId}
          order by thread_id, sent_at desc, id desc) latest order by sent_at desc, id desc`);
      return rows.map((row) => row.id);
    };
    const folder = (actor: StaffActor) => everyLine(actor, { folder: "threads", filter: "all" });
    const started: string[] = [];
    for (let i = 0; i < 27; i++) started.push((await send(elin, write({ recipientUnitId: unit.ame!, subject: `Tråd ${i}` }))).messageId);
    // A reply brings an old thread to the top of both mailboxes; the thread is still listed once.
    const reply = await send(ahmed, write({ recipientUnitId: unit.berg!, inReplyTo: started[0]!, subject: "Sv: Tråd 0" }));
    for (const [actor, unitId] of [[elin, unit.berg!], [ahmed, unit.ame!]] as const) {
      const listed = await folder(actor);
      expect(listed).toEqual(await expected(unitId));
      expect(listed[0]).toBe(reply.messageId);
      expect(listed).not.toContain(started[0]);
    }
  });

  it("keeps each thread's latest message for both units, whatever order and however many rows a statement writes", async () => {
    const [template] = await db().select().from(messages).where(eq(messages.recipientUnitId, unit.ame!)).limit(1);
    const threadId = crypto.randomUUID();
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 8, minutes));
    const message = (minutes: number) => ({ ...template!, id: crypto.randomUUID(), threadId, inReplyTo: null, sentAt: at(minutes), deliveredAt: at(minutes) });
    const latest = async () => (await db().select().from(mailboxThreads).where(eq(mailboxThreads.threadId, threadId))).map((row) => [row.unitId, row.messageId, row.sentAt.toISOString()]).sort();
    // Two messages of one thread in one statement: the later one is the thread's latest, in both mailboxes.
    const [first, second] = [message(5), message(10)];
    await db().insert(messages).values([second, first]);
    expect(await latest()).toEqual([[template!.recipientUnitId, second.id, at(10).toISOString()], [template!.senderUnitId, second.id, at(10).toISOString()]].sort());
    // A message written later but sent earlier (an import) does not displace it.
    await db().insert(messages).values(message(1));
    expect((await latest()).map(([, id]) => id)).toEqual([second.id, second.id]);
  });

  it("lists and counts the unopened messages from the mailbox's queue, which the first opening empties", async () => {
    const before = await countUnopenedMessages([unit.ame!]);
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) ids.push((await send(elin, write({ recipientUnitId: unit.ame!, subject: `Oläst ${i}` }))).messageId);
    expect(await countUnopenedMessages([unit.ame!])).toBe(Math.min(before + 27, 100));
    const unread = (after: string) => viaGate(ahmed, listMailbox, { folder: "inbox", filter: "unread", search: "Oläst", after });
    const first = await unread("");
    expect(first.lines).toHaveLength(25);
    expect(first.lines.every((line) => !line.opened)).toBe(true);
    const second = await unread(first.next!);
    expect(new Set([...first.lines, ...second.lines].map((line) => line.id))).toEqual(new Set(ids));
    expect(second.next).toBeNull();
    // Without a search each page is cut from the queue alone: page by page, the unit's unopened messages, newest first.
    const queue = await everyLine(ahmed, { folder: "inbox", filter: "unread" });
    const unopened = await db().select({ id: messages.id }).from(messages).where(and(eq(messages.recipientUnitId, unit.ame!), isNull(messages.openedAt))).orderBy(desc(messages.sentAt), desc(messages.id));
    expect(queue).toEqual(unopened.map((row) => row.id));
    expect(queue.length).toBeGreaterThan(25);

    await viaGate(ahmed, openThread, ids[26]!);
    expect(await countUnopenedMessages([unit.ame!])).toBe(Math.min(before + 26, 100));
    expect((await unread("")).lines.map((line) => line.id)).not.toContain(ids[26]);
    // Opened, it is still in the inbox.
    expect((await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "Oläst 26", after: "" })).lines.map((line) => line.id)).toEqual([ids[26]]);
  });

  it("pages through messages sent within one millisecond, to the microsecond: none skipped, none twice", async () => {
    // PostgreSQL keeps microseconds; a page link cut to milliseconds skipped the rest of that millisecond.
    const [template] = await db().select().from(messages).where(eq(messages.recipientUnitId, unit.ame!)).limit(1);
    const instant = (micro: number) => sql`'2031-01-01T08:00:00.123000Z'::timestamptz + make_interval(secs => ${micro} / 1e6)`;
    const rows = Array.from({ length: 30 }, (_, micro) => ({ ...template!, id: crypto.randomUUID(), threadId: crypto.randomUUID(), inReplyTo: null, openedAt: null, openedBy: null, handledAt: null, handledBy: null, claimedBy: null, sentAt: instant(micro), deliveredAt: instant(micro) }));
    await db().insert(messages).values(rows as unknown as (typeof messages.$inferInsert)[]);
    const inOrder = async (where: SQL) => (await db().select({ id: messages.id }).from(messages).where(where).orderBy(desc(messages.sentAt), desc(messages.id))).map((row) => row.id);
    const inbox = eq(messages.recipientUnitId, unit.ame!);
    expect(await everyLine(ahmed, { folder: "inbox", filter: "all" })).toEqual(await inOrder(inbox));
    expect(await everyLine(ahmed, { folder: "inbox", filter: "unread" })).toEqual(await inOrder(and(inbox, isNull(messages.openedAt))!));
    const threads = await everyLine(ahmed, { folder: "threads", filter: "all" });
    for (const row of rows) expect(threads.filter((id) => id === row.id)).toHaveLength(1);
    const first = await viaGate(ahmed, listMailbox, { folder: "inbox", filter: "all", search: "", after: "" });
    expect(first.next).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[0-9a-f-]{36}$/);
  });
});

describe("protected identity and withdrawn consent", () => {
  it("masks a protected identity outside the unit that holds it", async () => {
    const { messageId } = await send(ahmed, write({ caseId: samCase, categoryCode: "municipality.labour_plan", basis: "legal", legalReference: "OSL 10 kap. 28 §", legalJustification: "Uppgiftsskyldighet enligt lag." }));
    const atAf = await viaGate(erik, openThread, messageId);
    expect(atAf.messages[0]!.client).toMatchObject({ name: null, personnummer: null, protectedIdentity: true });
    expect(JSON.stringify(atAf)).not.toContain("Nilsson");
    const atAme = await viaGate(ahmed, openThread, messageId);
    expect(atAme.messages[0]!.client).toMatchObject({ name: "Sam Nilsson" });
  });

  it("after Eva withdraws her consent, delivered messages stay readable by the receiving unit, but nothing new can be sent on it", async () => {
    const { messageId } = await send(sara, aboutEva({ subject: "Före återkallelsen" }));
    await viaGate(eva, revokeConsent, consentId);
    const thread = await viaGate(erik, openThread, messageId);
    expect(thread.messages[0]!.subject).toBe("Före återkallelsen");
    const before = await countMessages();
    expect(await refusal(send(sara, aboutEva({ subject: "Efter återkallelsen" })))).toMatchObject({ code: "messages.outside_consent" });
    expect(await countMessages()).toBe(before);
    const refused = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.clientId, evaId), eq(auditEvents.action, "message.send"), eq(auditEvents.outcome, "withheld")))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(refused[0]).toMatchObject({ reason: "revoked" });
  });
});
