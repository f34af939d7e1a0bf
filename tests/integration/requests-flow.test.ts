import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, cases, clients, consents, infoRequestDocuments, infoRequestItems, infoRequests, infoRequestTransitions, notifications, organizations, orgUnits } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";
import type { RequestInput } from "~/lib/requests/views";
import { recordConsent, revokeConsent } from "~/services/consent.server";
import { AnswerRejected, getAnswerDocument, sendAnswer } from "~/services/requests-answer.server";
import { listRequestsForClient } from "~/services/requests-client.server";
import { claimRequest, getInboxRequest, listInbox, unclaimRequest } from "~/services/requests-inbox.server";
import { getRequestForRequester, listRequestsForCase } from "~/services/requests-views.server";
import { requestFormOptions, saveRequest, withdrawRequest } from "~/services/requests.server";
import { useTestDatabase } from "../support/database";
import { refusal } from "../support/refusals";
import { facts, seedDemo, staffActor } from "../support/fixtures";

/**
 * Information requests end to end through the services: asking within the consent or under a
 * statute, the receiving unit's queue and claim, per-item answers validated against the
 * catalogue, the consent checked again at sending, reading the answer, and the audit trail.
 */
useTestDatabase();
afterEach(() => vi.useRealTimers());

let sara: StaffActor, erik: StaffActor, fatima: StaffActor, karin: StaffActor, lena: StaffActor;
let eva: ClientActor;
let caseId: string;
let seededConsent: string;
const org: Record<string, string> = {};
const unit: Record<string, string> = {};
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  fatima = await staffActor("fatima.hassan@af.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  for (const row of await db().select().from(organizations)) org[row.kind] = row.id;
  const mailboxes: Record<string, string> = { "ostersund@af.samsyn.example": "af", "ekonomiskt.bistand@berg.samsyn.example": "berg" };
  for (const row of await db().select().from(orgUnits)) if (mailboxes[row.mailbox]) unit[mailboxes[row.mailbox]!] = row.id;
  const [evaRow] = await db().select().from(clients).where(eq(clients.givenName, "Eva"));
  eva = { kind: "client", clientId: evaRow!.id, sessionId: "s", name: "Eva Andersson", givenName: "Eva", http: facts };
  const [kase] = await db().select().from(cases).where(eq(cases.clientId, evaRow!.id));
  caseId = kase!.id;
  const [consent] = await db().select().from(consents).where(eq(consents.caseId, caseId));
  seededConsent = consent!.id;
});

const ask = (overrides: Partial<RequestInput> = {}): RequestInput => ({
  receivingUnitId: unit.af!,
  basis: "consent",
  categoryCodes: ["af.planning_meeting"],
  purpose: "Att samordna våra möten med Eva.",
  legalReference: "",
  legalJustification: "",
  desiredBy: inDays(5),
  ...overrides,
});

const requestRow = async (id: string) => (await db().select().from(infoRequests).where(eq(infoRequests.id, id)))[0]!;
const itemsOf = (id: string) => db().select().from(infoRequestItems).where(eq(infoRequestItems.requestId, id)).orderBy(infoRequestItems.categoryCode);
const transitionsOf = async (id: string) =>
  (await db().select().from(infoRequestTransitions).where(eq(infoRequestTransitions.requestId, id)).orderBy(infoRequestTransitions.at)).map((row) => `${row.fromStatus ?? "-"}>${row.toStatus}`);
const events = (actor: StaffActor | ClientActor, action: string) =>
  db()
    .select()
    .from(auditEvents)
    .where(and(actor.kind === "staff" ? eq(auditEvents.actorUserId, actor.userId) : eq(auditEvents.actorClientId, actor.clientId), eq(auditEvents.action, action)))
    .orderBy(auditEvents.id);
const countRequests = async () => (await db().select().from(infoRequests)).length;

/** One answer input per item id, by category. */
async function answers(requestId: string, byCategory: Record<string, { decision: string; reason?: string; reasonText?: string; fields?: Record<string, unknown> }>) {
  const input: Record<string, { decision: string; reason: string; reasonText: string; fields: Record<string, never> }> = {};
  for (const item of await itemsOf(requestId)) {
    const given = byCategory[item.categoryCode];
    if (given) input[item.id] = { reason: "", reasonText: "", fields: {}, ...given } as never;
  }
  return input;
}

describe("asking", () => {
  it("the form shows AF's fourteen items and which of them Eva's consent covers", async () => {
    const options = await requestFormOptions(sara, caseId, { unitId: unit.af, basis: "consent" });
    expect(options.items).toHaveLength(14);
    const covered = options.items.filter((item) => item.covered).map((item) => item.code).sort();
    expect(covered).toEqual(["af.action_plan", "af.activity_report", "af.planning_meeting"]);
    expect(options.units.map((candidate) => candidate.id)).not.toContain(unit.berg);
    expect((await requestFormOptions(sara, caseId, { unitId: unit.berg })).unitId).toBeNull();
  });

  it("refuses an item outside the consent with a clear code, records the refusal and writes nothing", async () => {
    const before = await countRequests();
    const error = await refusal(saveRequest(sara, caseId, ask({ categoryCodes: ["af.planning_meeting", "af.days_used_job"] }), { submit: true }));
    expect(error.code).toBe("request.outside_consent");
    expect(error.status).toBe(400);
    expect(await countRequests()).toBe(before);
    const denied = (await events(sara, "request.create")).at(-1);
    expect(denied).toMatchObject({ outcome: "denied", reason: "wrong_category", category: "af.days_used_job", clientId: eva.clientId });
  });

  it("refuses unknown items, items of another organisation and unknown receivers, writing nothing", async () => {
    const before = await countRequests();
    expect((await refusal(saveRequest(sara, caseId, ask({ categoryCodes: ["af.no_such_item"] }), { submit: true }))).code).toBe("request.unknown_item");
    expect((await refusal(saveRequest(sara, caseId, ask({ categoryCodes: ["fk.sgi"] }), { submit: true }))).code).toBe("request.unknown_item");
    expect((await refusal(saveRequest(sara, caseId, ask({ categoryCodes: [] }), { submit: true }))).code).toBe("request.no_items");
    expect((await refusal(saveRequest(sara, caseId, ask({ receivingUnitId: unit.berg! }), { submit: true }))).code).toBe("request.unknown_unit");
    expect((await refusal(saveRequest(sara, caseId, ask({ receivingUnitId: "nonsense" }), { submit: true }))).code).toBe("request.unknown_unit");
    expect((await refusal(saveRequest(sara, caseId, ask({ purpose: "" }), { submit: true }))).code).toBe("request.purpose_required");
    expect((await refusal(saveRequest(sara, caseId, ask({ desiredBy: inDays(-1) }), { submit: true }))).code).toBe("request.desired_by_invalid");
    expect(await countRequests()).toBe(before);
  });

  it("an organisation that cannot see the case gets 404, recorded", async () => {
    const error = await refusal(saveRequest(karin, caseId, ask({ receivingUnitId: unit.af! }), { submit: true }));
    expect(error.status).toBe(404);
    expect((await events(karin, "case.view")).at(-1)).toMatchObject({ outcome: "denied", reason: "no_consent" });
  });

  it("saves a draft without telling anyone, then submits it: the receiving unit is notified, the basis is audited", async () => {
    const id = await saveRequest(sara, caseId, ask({ purpose: "", desiredBy: "" }), { submit: false });
    expect(await requestRow(id)).toMatchObject({ status: "draft", submittedAt: null, basis: "consent", consentId: seededConsent });
    expect(await db().select().from(notifications).where(eq(notifications.subjectId, id))).toEqual([]);
    expect(await listRequestsForClient(eva).then((list) => list.map((request) => request.id))).not.toContain(id);

    await saveRequest(sara, caseId, ask({ categoryCodes: ["af.planning_meeting", "af.activity_report"] }), { submit: true, requestId: id });
    const row = await requestRow(id);
    expect(row).toMatchObject({ status: "submitted", purpose: "Att samordna våra möten med Eva." });
    expect(row.submittedAt).toBeInstanceOf(Date);
    expect((await itemsOf(id)).map((item) => item.categoryCode)).toEqual(["af.activity_report", "af.planning_meeting"]);
    expect(await transitionsOf(id)).toEqual(["->draft", "draft>submitted"]);
    const [notice] = await db().select().from(notifications).where(eq(notifications.subjectId, id));
    expect(notice).toMatchObject({ unitId: unit.af, kind: "request.submitted", caseId: null });
    const created = (await events(sara, "request.create")).filter((event) => event.resourceId?.startsWith(id));
    // One event per item: the draft asked for one, the submitted version for two.
    expect(created.map((event) => [event.category, event.outcome, event.basis]).sort()).toEqual([
      ["af.activity_report", "allowed", `consent:${seededConsent}`],
      ["af.planning_meeting", "allowed", `consent:${seededConsent}`],
      ["af.planning_meeting", "allowed", `consent:${seededConsent}`],
    ]);
    expect((await events(sara, "request.submit")).at(-1)).toMatchObject({ resourceId: id, basis: `consent:${seededConsent}`, caseId, clientId: eva.clientId });
    // A submitted request is no longer a draft.
    expect((await refusal(saveRequest(sara, caseId, ask(), { submit: true, requestId: id }))).code).toBe("request.not_draft");
  });

  it("under a statute any item may be asked, with a statute from the list and a justification, flagged as legal", async () => {
    const legal = ask({ basis: "legal", categoryCodes: ["af.days_used_job"], legalReference: "OSL 10 kap. 28 §", legalJustification: "Prövning av rätten till ekonomiskt bistånd." });
    expect((await refusal(saveRequest(sara, caseId, { ...legal, legalReference: "Egen paragraf" }, { submit: true }))).code).toBe("request.statute_required");
    expect((await refusal(saveRequest(sara, caseId, { ...legal, legalJustification: "" }, { submit: true }))).code).toBe("request.justification_required");
    const id = await saveRequest(sara, caseId, legal, { submit: true });
    expect(await requestRow(id)).toMatchObject({ basis: "legal", legalReference: "OSL 10 kap. 28 §", consentId: null });
    expect((await events(sara, "request.create")).at(-1)).toMatchObject({ outcome: "allowed", category: "af.days_used_job", basis: "legal:OSL 10 kap. 28 §" });
    const seen = (await listRequestsForClient(eva)).find((request) => request.id === id)!;
    expect(seen).toMatchObject({ basis: "legal", legalReference: "OSL 10 kap. 28 §", legalJustification: "Prövning av rätten till ekonomiskt bistånd." });
    expect(seen.legalLabel?.sv).toContain("uppgiftsskyldighet");
  });
});

describe("the receiving unit's inbox", () => {
  it("lists the unit's requests by desired date, with the person, and records each one shown", async () => {
    const late = await saveRequest(sara, caseId, ask({ desiredBy: inDays(1) }), { submit: true });
    const { open } = await listInbox(erik);
    const dates = open.map((row) => row.desiredBy ?? "9999");
    expect(dates).toEqual([...dates].sort());
    expect(open.find((row) => row.id === late)).toMatchObject({ clientName: "Eva Andersson", status: "submitted", legal: false, overdue: false });
    expect(open.some((row) => row.legal)).toBe(true);
    const shown = (await events(erik, "request.handle")).filter((event) => event.resourceType === "request_list_item");
    expect(shown.map((event) => event.resourceId)).toContain(late);
    expect(shown.every((event) => event.outcome === "allowed" && event.basis)).toBe(true);
  });

  it("is the receiving unit's alone: others get 404, recorded; auditors have no inbox", async () => {
    const [row] = (await listInbox(erik)).open;
    const error = await refusal(getInboxRequest(sara, row!.id));
    expect(error.status).toBe(404);
    expect((await events(sara, "request.handle")).at(-1)).toMatchObject({ outcome: "denied", reason: "not_receiving_unit" });
    expect((await refusal(listInbox(lena))).status).toBe(404);
    expect((await listInbox(karin)).open).toEqual([]);
  });

  it("a claim is exclusive: a second officer is refused and nothing changes; the claim can be handed back", async () => {
    const id = await saveRequest(sara, caseId, ask(), { submit: true });
    await claimRequest(erik, id);
    expect(await requestRow(id)).toMatchObject({ status: "in_review", claimedBy: erik.userId });
    const error = await refusal(claimRequest(fatima, id));
    expect(error.code).toBe("request.already_claimed");
    expect(await requestRow(id)).toMatchObject({ status: "in_review", claimedBy: erik.userId });
    expect((await refusal(sendAnswer(fatima, id, await answers(id, { "af.planning_meeting": { decision: "declined", reason: "does_not_exist" } })))).code).toBe("request.claimed_by_other");
    await unclaimRequest(fatima, id);
    expect(await requestRow(id)).toMatchObject({ status: "submitted", claimedBy: null });
    expect(await transitionsOf(id)).toEqual(["->draft", "draft>submitted", "submitted>in_review", "in_review>submitted"]);
  });
});

describe("answering", () => {
  let id: string;
  beforeAll(async () => {
    id = await saveRequest(sara, caseId, ask({ categoryCodes: ["af.planning_meeting", "af.activity_report"] }), { submit: true });
    await claimRequest(erik, id);
  });

  it("validates every item against its answer schema and stores nothing on an error", async () => {
    const rejected = await refusal(
      sendAnswer(
        erik,
        id,
        await answers(id, {
          "af.planning_meeting": { decision: "released", fields: { nextMeetingOn: "3 december" } },
          "af.activity_report": { decision: "released", fields: { period: { from: "2026-10-01", to: "" }, jobsApplied: "-2", reportStatus: "bra" } },
        }),
      ),
    );
    expect(rejected).toBeInstanceOf(AnswerRejected);
    const itemIds = Object.fromEntries((await itemsOf(id)).map((item) => [item.categoryCode, item.id]));
    expect((rejected as AnswerRejected).errors).toEqual({
      [itemIds["af.planning_meeting"]!]: { fields: { nextMeetingOn: "invalid_date" } },
      [itemIds["af.activity_report"]!]: { fields: { jobsApplied: "too_small", reportStatus: "invalid_choice" } },
    });
    const missing = (await refusal(sendAnswer(erik, id, await answers(id, { "af.planning_meeting": { decision: "declined" } })))) as AnswerRejected;
    expect(missing.errors).toEqual({ [itemIds["af.planning_meeting"]!]: { reason: "required" }, [itemIds["af.activity_report"]!]: { decision: "required" } });
    const other = (await refusal(sendAnswer(erik, id, await answers(id, { "af.planning_meeting": { decision: "declined", reason: "other" }, "af.activity_report": { decision: "declined", reason: "does_not_exist" } })))) as AnswerRejected;
    expect(other.errors).toEqual({ [itemIds["af.planning_meeting"]!]: { reasonText: "required" } });
    expect((await itemsOf(id)).every((item) => item.decision === null && item.answer === null)).toBe(true);
    expect(await requestRow(id)).toMatchObject({ status: "in_review", answeredAt: null });
  });

  it("releases one item, declines the other with a reason: partly answered, the requester notified, each release audited", async () => {
    await sendAnswer(
      erik,
      id,
      await answers(id, {
        "af.planning_meeting": { decision: "released", fields: { nextMeetingOn: "2026-12-03" } },
        "af.activity_report": { decision: "declined", reason: "secrecy_harm" },
      }),
    );
    const row = await requestRow(id);
    expect(row.status).toBe("partly_answered");
    expect(row.answeredAt).toBeInstanceOf(Date);
    const [meeting, report] = [...(await itemsOf(id))].sort((a, b) => a.categoryCode.localeCompare(b.categoryCode)).reverse();
    expect(meeting).toMatchObject({ categoryCode: "af.planning_meeting", decision: "released", answer: { nextMeetingOn: "2026-12-03" }, answeredBy: erik.userId });
    expect(report).toMatchObject({ categoryCode: "af.activity_report", decision: "declined", declineReason: "secrecy_harm", answer: null });
    expect(await transitionsOf(id)).toEqual(["->draft", "draft>submitted", "submitted>in_review", "in_review>partly_answered"]);
    const [notice] = await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.unitId, unit.berg!)));
    expect(notice).toMatchObject({ kind: "request.partly_answered", caseId });
    const release = (await events(erik, "request.release")).filter((event) => event.resourceId === meeting!.id);
    expect(release).toMatchObject([{ outcome: "allowed", basis: `consent:${seededConsent}`, category: "af.planning_meeting", caseId, clientId: eva.clientId }]);
    expect((await events(erik, "request.answer")).at(-1)).toMatchObject({ resourceId: id, details: expect.objectContaining({ outcome: "partly_answered" }) });
    expect((await refusal(sendAnswer(erik, id, {}))).code).toBe("request.already_answered");
    expect((await refusal(withdrawRequest(sara, id))).code).toBe("request.already_answered");
  });

  it("the requester reads the answer through the gate, recorded with its basis; the receiver and Eva see it too", async () => {
    const view = await getRequestForRequester(sara, caseId, id);
    expect(view.items.find((item) => item.categoryCode === "af.planning_meeting")).toMatchObject({ answer: { nextMeetingOn: "2026-12-03" }, withheld: false });
    expect(view.items.find((item) => item.categoryCode === "af.activity_report")).toMatchObject({ decision: "declined", declineReason: "secrecy_harm", answer: null });
    expect((await events(sara, "request.read")).at(-1)).toMatchObject({ outcome: "allowed", basis: `consent:${seededConsent}`, category: "af.planning_meeting", caseId });
    const onCase = await listRequestsForCase(sara, caseId);
    expect(onCase.canAsk).toBe(true);
    expect(onCase.requests.find((request) => request.id === id)).toMatchObject({ role: "requester", status: "partly_answered" });
    const forAf = await listRequestsForCase(erik, caseId);
    expect(forAf.requests.find((request) => request.id === id)).toMatchObject({ role: "receiver" });
    expect(forAf.requests.every((request) => request.status !== "draft")).toBe(true);
    const evas = (await listRequestsForClient(eva)).find((request) => request.id === id)!;
    expect(evas).toMatchObject({ status: "partly_answered", basis: "consent", requester: { name: "Sara Lindqvist" }, receiver: { organization: "Arbetsförmedlingen" } });
    expect(evas.items.find((item) => item.categoryCode === "af.planning_meeting")?.answer).toEqual({ nextMeetingOn: "2026-12-03" });
    expect((await events(eva, "request.read")).at(-1)).toMatchObject({ outcome: "allowed", basis: "own_data" });
    expect((await refusal(getRequestForRequester(karin, caseId, id))).status).toBe(404);
  });
});

describe("the consent is checked again when the answer is sent", () => {
  it("refuses to release after Eva withdrew the consent, changes nothing, and lets AF decline instead", async () => {
    const consentId = await recordConsent(sara, caseId, {
      purpose: "Att följa hur länge aktivitetsstödet räcker.",
      validUntil: new Date(Date.now() + 60 * 24 * 3_600_000),
      lines: [{ discloserOrganizationId: org.af!, recipientOrganizationId: org.municipality_social!, categoryCode: "af.days_used_job" }],
      unitIds: [unit.af!],
      method: "recorded_oral",
      givenAt: new Date(),
      where: "Telefonsamtal",
      information: "Vad som delas, varför och hur hon återkallar.",
    });
    const id = await saveRequest(sara, caseId, ask({ categoryCodes: ["af.days_used_job"] }), { submit: true });
    expect(await requestRow(id)).toMatchObject({ consentId });
    await claimRequest(erik, id);
    await revokeConsent(eva, consentId);

    const release = await answers(id, { "af.days_used_job": { decision: "released", fields: { daysUsed: "312" } } });
    const error = await refusal(sendAnswer(erik, id, release));
    expect(error).toMatchObject({ code: "request.consent_revoked", status: 409 });
    expect(await requestRow(id)).toMatchObject({ status: "in_review", answeredAt: null });
    expect((await itemsOf(id))[0]).toMatchObject({ decision: null, answer: null });
    expect((await events(erik, "request.release")).at(-1)).toMatchObject({ outcome: "denied", reason: "revoked", category: "af.days_used_job" });

    await sendAnswer(erik, id, await answers(id, { "af.days_used_job": { decision: "declined", reason: "consent_does_not_cover" } }));
    expect(await requestRow(id)).toMatchObject({ status: "declined" });
    const notices = await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.unitId, unit.berg!)));
    expect(notices.map((notice) => notice.kind)).toEqual(["request.declined"]);
  });
});

describe("withdrawing", () => {
  it("a withdrawn request cannot be answered, and nothing changes", async () => {
    const id = await saveRequest(sara, caseId, ask(), { submit: true });
    await claimRequest(erik, id);
    await withdrawRequest(sara, id);
    expect(await requestRow(id)).toMatchObject({ status: "withdrawn", claimedBy: null });
    const error = await refusal(sendAnswer(erik, id, await answers(id, { "af.planning_meeting": { decision: "released", fields: { nextMeetingOn: "2026-12-03" } } })));
    expect(error.code).toBe("request.withdrawn");
    expect((await itemsOf(id))[0]).toMatchObject({ decision: null });
    expect((await refusal(claimRequest(fatima, id))).code).toBe("request.withdrawn");
    const told = await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.unitId, unit.af!)));
    expect(told.map((notice) => notice.kind).sort()).toEqual(["request.submitted", "request.withdrawn"]);
    expect((await refusal(withdrawRequest(erik, id))).status).toBe(404);
  });
});

describe("documents", () => {
  it("stores an answered PDF encrypted and serves it only through the gate", async () => {
    const id = await saveRequest(sara, caseId, ask({ categoryCodes: ["af.action_plan"] }), { submit: true });
    await claimRequest(erik, id);
    const bytes = new Uint8Array([...new TextEncoder().encode("%PDF-1.4\n"), ...new TextEncoder().encode("Handlingsplan för Eva")]);
    const notPdf = await answers(id, { "af.action_plan": { decision: "released", fields: { plan: { filename: "plan.pdf", size: 5, bytes: new TextEncoder().encode("hello") } } } });
    const rejected = (await refusal(sendAnswer(erik, id, notPdf))) as AnswerRejected;
    expect(Object.values(rejected.errors)).toEqual([{ fields: { plan: "not_pdf" } }]);
    await sendAnswer(erik, id, await answers(id, { "af.action_plan": { decision: "released", fields: { plan: { filename: "handlingsplan.pdf", size: bytes.length, bytes } } } }));
    const [stored] = await db().select().from(infoRequestDocuments);
    expect(stored!.contentEncrypted).not.toContain(Buffer.from(bytes).toString("base64"));
    expect(stored).toMatchObject({ filename: "handlingsplan.pdf", contentType: "application/pdf", size: bytes.length });
    const [item] = await itemsOf(id);
    expect(item!.answer).toEqual({ plan: { documentId: stored!.id, filename: "handlingsplan.pdf", size: bytes.length } });

    for (const reader of [sara, erik, eva] as const) {
      const document = await getAnswerDocument(reader, stored!.id);
      expect(Buffer.from(document.bytes).equals(Buffer.from(bytes))).toBe(true);
    }
    expect((await events(sara, "request.read")).at(-1)).toMatchObject({ resourceType: "info_request_document", basis: `consent:${seededConsent}`, category: "af.action_plan" });
    expect((await refusal(getAnswerDocument(karin, stored!.id))).status).toBe(404);
    expect((await events(karin, "request.read")).at(-1)).toMatchObject({ outcome: "denied" });
  });
});

describe("protected identity", () => {
  it("shows the receiving unit neither name nor number of a person with a protected identity", async () => {
    const ahmed = await staffActor("ahmed.karimi@berg.samsyn.example");
    const [sam] = await db().select().from(clients).where(eq(clients.givenName, "Sam"));
    const [samCase] = await db().select().from(cases).where(eq(cases.clientId, sam!.id));
    const id = await saveRequest(ahmed, samCase!.id, ask({ basis: "legal", categoryCodes: ["af.days_used_job"], legalReference: "SoL 11 kap. 11 §", legalJustification: "Utredning av behov." }), { submit: true });
    const received = await getInboxRequest(erik, id);
    expect(received.client).toEqual({ name: null, personnummer: null, protectedIdentity: true });
    expect(JSON.stringify(received)).not.toMatch(/Nilsson|9843/);
    const { open } = await listInbox(erik);
    expect(open.find((row) => row.id === id)).toMatchObject({ clientName: null });
  });
});
