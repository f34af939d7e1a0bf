import { and, desc, eq, gt } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, consents, infoRequestDocuments, infoRequestItems, infoRequests, infoRequestTransitions, notifications, organizations, orgUnits, type AuditEvent, type AuditRead } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";
import { recordConsent } from "~/services/consent/ask.server";
import { revokeConsent } from "~/services/consent/revoke.server";
import { AnswerRejected, getAnswerDocument, sendAnswer } from "~/services/requests/answer.server";
import { requestFormOptions, saveRequest, withdrawRequest } from "~/services/requests/ask.server";
import { getRequestForRequester, listRequestsForCase } from "~/services/requests/case-requests.server";
import { listRequestsForClient } from "~/services/requests/client-requests.server";
import { claimRequest, getInboxRequest, listInbox, unclaimRequest } from "~/services/requests/inbox.server";
import type { ItemAnswerInput, RequestInput } from "~/services/requests/views";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClient, demoClientActor, seedDemo, staffActor } from "../support/fixtures";
import { look, viaGate } from "../support/gate";
import { refusal } from "../support/refusals";

/**
 * Information requests end to end through the services, each call one gated request: asking
 * within the consent or under a statute, the receiving unit's queue and claim, per-item answers
 * validated against the catalogue, the consent checked again at sending, reading the answer, and
 * the audit trail (one event per client per look, every decision in its `reads`).
 */
useTestDatabase();
afterEach(() => vi.useRealTimers());

let sara: StaffActor, erik: StaffActor, fatima: StaffActor, karin: StaffActor, lena: StaffActor, ahmed: StaffActor;
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
  ahmed = await staffActor("ahmed.karimi@berg.samsyn.example");
  for (const row of await db().select().from(organizations)) org[row.kind] = row.id;
  const mailboxes: Record<string, string> = { "ostersund@af.samsyn.example": "af", "ekonomiskt.bistand@berg.samsyn.example": "berg", "ame@berg.samsyn.example": "ame" };
  for (const row of await db().select().from(orgUnits)) if (mailboxes[row.mailbox]) unit[mailboxes[row.mailbox]!] = row.id;
  eva = await demoClientActor("Eva");
  caseId = (await demoCaseOf("Eva")).id;
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

const save = (actor: StaffActor, input: RequestInput, options: { submit: boolean; requestId?: string }, onCase = caseId) => viaGate(actor, saveRequest, onCase, input, options);
const requestRow = async (id: string) => (await db().select().from(infoRequests).where(eq(infoRequests.id, id)))[0]!;
const itemsOf = (id: string) => db().select().from(infoRequestItems).where(eq(infoRequestItems.requestId, id)).orderBy(infoRequestItems.categoryCode);
const transitionsOf = async (id: string) =>
  (await db().select().from(infoRequestTransitions).where(eq(infoRequestTransitions.requestId, id)).orderBy(infoRequestTransitions.at)).map((row) => `${row.fromStatus ?? "-"}>${row.toStatus}`);
const countRequests = async () => (await db().select().from(infoRequests)).length;

/** The audit events that `call` wrote (a refusal is awaited with `refusal()` inside `call`). */
async function recorded(call: () => Promise<unknown>): Promise<AuditEvent[]> {
  const [last] = await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  await call();
  return db().select().from(auditEvents).where(gt(auditEvents.id, last?.id ?? 0)).orderBy(auditEvents.id);
}

/** The one event a look wrote about this client (the test fails on none or several). */
function eventAbout(events: AuditEvent[], clientId: string): AuditEvent {
  const about = events.filter((event) => event.clientId === clientId);
  expect(about).toHaveLength(1);
  return about[0]!;
}

const readsOf = (event: AuditEvent, action: string): AuditRead[] => (event.reads ?? []).filter((read) => read.action === action);

/** One answer input per item id, by category. */
async function answers(requestId: string, byCategory: Record<string, { decision: string; reason?: string; reasonText?: string; fields?: Record<string, unknown> }>) {
  const input: Record<string, ItemAnswerInput> = {};
  for (const item of await itemsOf(requestId)) {
    const given = byCategory[item.categoryCode];
    if (given) input[item.id] = { reason: "", reasonText: "", fields: {}, ...given } as ItemAnswerInput;
  }
  return input;
}

describe("asking", () => {
  it("the form shows AF's fourteen items and its meeting notes, and which of them Eva's consent covers, each decision recorded", async () => {
    const events = await recorded(async () => {
      const options = await viaGate(sara, requestFormOptions, caseId, { unitId: unit.af, basis: "consent" });
      expect(options.items).toHaveLength(15);
      expect(options.items.map((item) => item.code)).toContain("af.meeting_notes");
      const covered = options.items.filter((item) => item.covered).map((item) => item.code).sort();
      expect(covered).toEqual(["af.action_plan", "af.activity_report", "af.planning_meeting"]);
      expect(options.units.map((candidate) => candidate.id)).not.toContain(unit.berg);
    });
    const event = eventAbout(events, eva.clientId);
    expect(events).toHaveLength(1);
    expect(event).toMatchObject({ action: "case.view", outcome: "allowed", resourceType: "info_request_form" });
    const creates = readsOf(event, "request.create");
    expect(creates).toHaveLength(15);
    expect(creates.filter((read) => read.outcome === "allowed").map((read) => [read.category, read.basis]).sort()).toEqual([
      ["af.action_plan", `consent:${seededConsent}`],
      ["af.activity_report", `consent:${seededConsent}`],
      ["af.planning_meeting", `consent:${seededConsent}`],
    ]);
    expect(creates.find((read) => read.category === "af.days_used_job")).toMatchObject({ outcome: "withheld", reason: "wrong_category" });
    expect((await viaGate(sara, requestFormOptions, caseId, { unitId: unit.berg })).unitId).toBeNull();
  });

  it("refuses an item outside the consent with a clear code, records the refusal and writes nothing", async () => {
    const before = await countRequests();
    let error: unknown;
    const events = await recorded(async () => {
      error = await refusal(save(sara, ask({ categoryCodes: ["af.planning_meeting", "af.days_used_job"] }), { submit: true }));
    });
    expect(error).toMatchObject({ code: "request.outside_consent", status: 400 });
    expect(await countRequests()).toBe(before);
    // Only the refusal is kept: the allowed item and the case view were rolled back with the write.
    const event = eventAbout(events, eva.clientId);
    expect(event).toMatchObject({ action: "request.create", outcome: "withheld", reason: "wrong_category", category: "af.days_used_job" });
    expect(event.reads).toEqual([expect.objectContaining({ action: "request.create", outcome: "withheld", reason: "wrong_category", category: "af.days_used_job", caseId })]);
  });

  it("refuses unknown items, items of another organisation and unknown receivers, writing nothing", async () => {
    const before = await countRequests();
    expect((await refusal(save(sara, ask({ categoryCodes: ["af.no_such_item"] }), { submit: true }))).code).toBe("request.unknown_item");
    expect((await refusal(save(sara, ask({ categoryCodes: ["fk.sgi"] }), { submit: true }))).code).toBe("request.unknown_item");
    expect((await refusal(save(sara, ask({ categoryCodes: [] }), { submit: true }))).code).toBe("request.no_items");
    expect((await refusal(save(sara, ask({ receivingUnitId: unit.berg! }), { submit: true }))).code).toBe("request.unknown_unit");
    expect((await refusal(save(sara, ask({ receivingUnitId: "nonsense" }), { submit: true }))).code).toBe("request.unknown_unit");
    expect((await refusal(save(sara, ask({ purpose: "" }), { submit: true }))).code).toBe("request.purpose_required");
    expect((await refusal(save(sara, ask({ desiredBy: inDays(-1) }), { submit: true }))).code).toBe("request.desired_by_invalid");
    expect(await countRequests()).toBe(before);
  });

  it("an organisation that cannot see the case gets 404, recorded", async () => {
    let status: number | undefined;
    const events = await recorded(async () => {
      status = (await refusal(save(karin, ask({ receivingUnitId: unit.af! }), { submit: true }))).status;
    });
    expect(status).toBe(404);
    expect(eventAbout(events, eva.clientId)).toMatchObject({ action: "case.view", outcome: "denied", reason: "no_consent" });
  });

  it("saves a draft without telling anyone, then submits it: the receiving unit is notified, the basis is audited", async () => {
    let id = "";
    const drafted = await recorded(async () => {
      id = await save(sara, ask({ purpose: "", desiredBy: "" }), { submit: false });
    });
    expect(await requestRow(id)).toMatchObject({ status: "draft", submittedAt: null, basis: "consent", consentId: seededConsent });
    expect(eventAbout(drafted, eva.clientId)).toMatchObject({ action: "request.save_draft", outcome: "success", resourceId: id });
    expect(readsOf(eventAbout(drafted, eva.clientId), "request.create").map((read) => read.category)).toEqual(["af.planning_meeting"]);
    expect(await db().select().from(notifications).where(eq(notifications.subjectId, id))).toEqual([]);
    expect((await viaGate(eva, listRequestsForClient)).map((request) => request.id)).not.toContain(id);

    const submitted = await recorded(() => save(sara, ask({ categoryCodes: ["af.planning_meeting", "af.activity_report"] }), { submit: true, requestId: id }));
    const row = await requestRow(id);
    expect(row).toMatchObject({ status: "submitted", purpose: "Att samordna våra möten med Eva." });
    expect(row.submittedAt).toBeInstanceOf(Date);
    expect((await itemsOf(id)).map((item) => item.categoryCode)).toEqual(["af.activity_report", "af.planning_meeting"]);
    expect(await transitionsOf(id)).toEqual(["->draft", "draft>submitted"]);
    const [notice] = await db().select().from(notifications).where(eq(notifications.subjectId, id));
    expect(notice).toMatchObject({ unitId: unit.af, kind: "request.submitted", caseId: null });
    // One event for the look: named by the change, with each item asked for and its basis.
    const event = eventAbout(submitted, eva.clientId);
    expect(submitted).toHaveLength(1);
    expect(event).toMatchObject({ action: "request.submit", outcome: "success", resourceId: id, basis: `consent:${seededConsent}`, caseId, details: expect.objectContaining({ items: ["af.planning_meeting", "af.activity_report"], receivingUnitId: unit.af }) });
    expect(readsOf(event, "request.create").map((read) => [read.category, read.outcome, read.basis, read.resourceId]).sort()).toEqual([
      ["af.activity_report", "allowed", `consent:${seededConsent}`, `${id}:af.activity_report`],
      ["af.planning_meeting", "allowed", `consent:${seededConsent}`, `${id}:af.planning_meeting`],
    ]);
    expect(readsOf(event, "request.manage")).toMatchObject([{ outcome: "allowed", resourceId: id }]);
    // A submitted request is no longer a draft.
    expect((await refusal(save(sara, ask(), { submit: true, requestId: id }))).code).toBe("request.not_draft");
  });

  it("under a statute any item may be asked, with a statute from the list and a justification, flagged as legal", async () => {
    const legal = ask({ basis: "legal", categoryCodes: ["af.days_used_job"], legalReference: "OSL 10 kap. 28 §", legalJustification: "Prövning av rätten till ekonomiskt bistånd." });
    expect((await refusal(save(sara, { ...legal, legalReference: "Egen paragraf" }, { submit: true }))).code).toBe("request.statute_required");
    expect((await refusal(save(sara, { ...legal, legalJustification: "" }, { submit: true }))).code).toBe("request.justification_required");
    let id = "";
    const events = await recorded(async () => {
      id = await save(sara, legal, { submit: true });
    });
    expect(await requestRow(id)).toMatchObject({ basis: "legal", legalReference: "OSL 10 kap. 28 §", consentId: null });
    expect(readsOf(eventAbout(events, eva.clientId), "request.create")).toMatchObject([{ outcome: "allowed", category: "af.days_used_job", basis: "legal:OSL 10 kap. 28 §" }]);
    const seen = (await viaGate(eva, listRequestsForClient)).find((request) => request.id === id)!;
    expect(seen).toMatchObject({ basis: "legal", legalReference: "OSL 10 kap. 28 §", legalJustification: "Prövning av rätten till ekonomiskt bistånd." });
    expect(seen.legalLabel?.sv).toContain("uppgiftsskyldighet");
  });
});

describe("the receiving unit's inbox", () => {
  it("lists the unit's requests by desired date, with the person, and records each one shown in one event", async () => {
    const late = await save(sara, ask({ desiredBy: inDays(1) }), { submit: true });
    let open: Awaited<ReturnType<typeof listInbox>>["open"] = [];
    const events = await recorded(async () => {
      ({ open } = await viaGate(erik, listInbox));
    });
    const dates = open.map((row) => row.desiredBy ?? "9999");
    expect(dates).toEqual([...dates].sort());
    expect(open.find((row) => row.id === late)).toMatchObject({ clientName: "Eva Andersson", status: "submitted", legal: false, overdue: false });
    expect(open.some((row) => row.legal)).toBe(true);
    const event = eventAbout(events, eva.clientId);
    expect(events).toHaveLength(1);
    const shown = readsOf(event, "request.handle");
    expect(shown.map((read) => read.resourceId)).toContain(late);
    expect(shown.every((read) => read.resourceType === "request_list_item" && read.outcome === "allowed" && read.basis)).toBe(true);
    // The name is shown on the strength of each request's own basis (the unit must find the person in its records).
    const names = readsOf(event, "identity.view");
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((read) => read.outcome === "allowed" && read.resourceId === eva.clientId && /^(consent|legal):/.test(read.basis ?? ""))).toBe(true);
  });

  it("is the receiving unit's alone: others get 404, recorded; auditors have no inbox", async () => {
    const [row] = (await viaGate(erik, listInbox)).open;
    let status: number | undefined;
    const events = await recorded(async () => {
      status = (await refusal(viaGate(sara, getInboxRequest, row!.id))).status;
    });
    expect(status).toBe(404);
    expect(eventAbout(events, eva.clientId)).toMatchObject({ action: "request.handle", outcome: "denied", reason: "not_receiving_unit" });
    expect((await refusal(viaGate(lena, listInbox))).status).toBe(404);
    expect((await viaGate(karin, listInbox)).open).toEqual([]);
  });

  it("a claim is exclusive: a second officer is refused and nothing changes; the claim can be handed back", async () => {
    const id = await save(sara, ask(), { submit: true });
    const claimed = await recorded(() => viaGate(erik, claimRequest, id));
    expect(eventAbout(claimed, eva.clientId)).toMatchObject({ action: "request.claim", outcome: "success", resourceId: id });
    expect(await requestRow(id)).toMatchObject({ status: "in_review", claimedBy: erik.userId });
    const error = await refusal(viaGate(fatima, claimRequest, id));
    expect(error).toMatchObject({ code: "request.already_claimed", status: 409 });
    expect(await requestRow(id)).toMatchObject({ status: "in_review", claimedBy: erik.userId });
    expect((await refusal(viaGate(fatima, sendAnswer, id, await answers(id, { "af.planning_meeting": { decision: "declined", reason: "does_not_exist" } })))).code).toBe("request.claimed_by_other");
    await viaGate(fatima, unclaimRequest, id);
    expect(await requestRow(id)).toMatchObject({ status: "submitted", claimedBy: null });
    expect(await transitionsOf(id)).toEqual(["->draft", "draft>submitted", "submitted>in_review", "in_review>submitted"]);
  });
});

describe("answering", () => {
  let id: string;
  beforeAll(async () => {
    id = await save(sara, ask({ categoryCodes: ["af.planning_meeting", "af.activity_report"] }), { submit: true });
    await viaGate(erik, claimRequest, id);
  });

  it("validates every item against its answer schema and stores nothing on an error", async () => {
    const rejected = await refusal(
      viaGate(
        erik,
        sendAnswer,
        id,
        await answers(id, {
          "af.planning_meeting": { decision: "released", fields: { nextMeetingOn: "3 december" } },
          "af.activity_report": { decision: "released", fields: { period: { from: "2026-10-01", to: "" }, jobsApplied: "-2", reportStatus: "bra" } },
        }),
      ),
    );
    expect(rejected).toBeInstanceOf(AnswerRejected);
    const itemIds = Object.fromEntries((await itemsOf(id)).map((item) => [item.categoryCode, item.id]));
    const expected = {
      [itemIds["af.planning_meeting"]!]: { fields: { nextMeetingOn: "invalid_date" } },
      [itemIds["af.activity_report"]!]: { fields: { jobsApplied: "too_small", reportStatus: "invalid_choice" } },
    };
    expect((rejected as AnswerRejected).errors).toEqual(expected);
    // What the route frame hands the form back as `details`.
    expect((rejected as AnswerRejected).details()).toEqual(expected);
    const missing = (await refusal(viaGate(erik, sendAnswer, id, await answers(id, { "af.planning_meeting": { decision: "declined" } })))) as AnswerRejected;
    expect(missing.errors).toEqual({ [itemIds["af.planning_meeting"]!]: { reason: "required" }, [itemIds["af.activity_report"]!]: { decision: "required" } });
    const other = (await refusal(viaGate(erik, sendAnswer, id, await answers(id, { "af.planning_meeting": { decision: "declined", reason: "other" }, "af.activity_report": { decision: "declined", reason: "does_not_exist" } })))) as AnswerRejected;
    expect(other.errors).toEqual({ [itemIds["af.planning_meeting"]!]: { reasonText: "required" } });
    expect((await itemsOf(id)).every((item) => item.decision === null && item.answer === null)).toBe(true);
    expect(await requestRow(id)).toMatchObject({ status: "in_review", answeredAt: null });
  });

  it("releases one item, declines the other with a reason: partly answered, the requester notified, each release audited", async () => {
    const events = await recorded(async () =>
      viaGate(
        erik,
        sendAnswer,
        id,
        await answers(id, {
          "af.planning_meeting": { decision: "released", fields: { nextMeetingOn: "2026-12-03" } },
          "af.activity_report": { decision: "declined", reason: "secrecy_harm" },
        }),
      ),
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
    const event = eventAbout(events, eva.clientId);
    expect(event).toMatchObject({ action: "request.answer", outcome: "success", resourceId: id, details: expect.objectContaining({ outcome: "partly_answered" }) });
    // Only the released item is a release; the declined one is not disclosed.
    expect(readsOf(event, "request.release")).toEqual([expect.objectContaining({ outcome: "allowed", basis: `consent:${seededConsent}`, category: "af.planning_meeting", caseId, resourceId: meeting!.id })]);
    expect((await refusal(viaGate(erik, sendAnswer, id, {}))).code).toBe("request.already_answered");
    expect((await refusal(viaGate(sara, withdrawRequest, id))).code).toBe("request.already_answered");
  });

  it("the requester reads the answer through the gate, recorded with its basis; the receiver and Eva see it too", async () => {
    const [meeting] = (await itemsOf(id)).filter((item) => item.categoryCode === "af.planning_meeting");
    let view: Awaited<ReturnType<typeof getRequestForRequester>> | undefined;
    const read = await recorded(async () => {
      view = await viaGate(sara, getRequestForRequester, caseId, id);
    });
    expect(view!.items.find((item) => item.categoryCode === "af.planning_meeting")).toMatchObject({ answer: { nextMeetingOn: "2026-12-03" }, withheld: false });
    expect(view!.items.find((item) => item.categoryCode === "af.activity_report")).toMatchObject({ decision: "declined", declineReason: "secrecy_harm", answer: null });
    expect(readsOf(eventAbout(read, eva.clientId), "request.read")).toEqual([
      expect.objectContaining({ outcome: "allowed", basis: `consent:${seededConsent}`, category: "af.planning_meeting", caseId, resourceId: meeting!.id }),
    ]);
    // The case page's look: the case, its requests and their answers, still one event for Eva.
    const page = await recorded(async () => {
      const onCase = await look(sara, (reader) => listRequestsForCase(reader, caseId));
      expect(onCase.canAsk).toBe(true);
      expect(onCase.requests.find((request) => request.id === id)).toMatchObject({ role: "requester", status: "partly_answered" });
    });
    const pageEvent = eventAbout(page, eva.clientId);
    expect(readsOf(pageEvent, "case.view")).toMatchObject([{ outcome: "allowed", resourceType: "case" }]);
    expect(readsOf(pageEvent, "request.manage").map((entry) => entry.resourceId)).toContain(id);
    const forAf = await viaGate(erik, listRequestsForCase, caseId);
    expect(forAf.requests.find((request) => request.id === id)).toMatchObject({ role: "receiver" });
    expect(forAf.requests.every((request) => request.status !== "draft")).toBe(true);
    let evas: Awaited<ReturnType<typeof listRequestsForClient>> = [];
    const own = await recorded(async () => {
      evas = await viaGate(eva, listRequestsForClient);
    });
    const evasRequest = evas.find((request) => request.id === id)!;
    expect(evasRequest).toMatchObject({ status: "partly_answered", basis: "consent", requester: { name: "Sara Lindqvist" }, receiver: { organization: "Arbetsförmedlingen" } });
    expect(evasRequest.items.find((item) => item.categoryCode === "af.planning_meeting")?.answer).toEqual({ nextMeetingOn: "2026-12-03" });
    expect(readsOf(eventAbout(own, eva.clientId), "request.read")).toContainEqual(expect.objectContaining({ outcome: "allowed", basis: "own_data", resourceId: meeting!.id }));
    expect((await refusal(viaGate(karin, getRequestForRequester, caseId, id))).status).toBe(404);
  });
});

describe("the consent is checked again when the answer is sent", () => {
  it("refuses to release after Eva withdrew the consent, changes nothing, and lets AF decline instead", async () => {
    const consentId = await viaGate(sara, recordConsent, caseId, {
      purpose: "Att följa hur länge aktivitetsstödet räcker.",
      validUntil: new Date(Date.now() + 60 * 24 * 3_600_000),
      lines: [{ discloserOrganizationId: org.af!, recipientOrganizationId: org.municipality_social!, categoryCode: "af.days_used_job" }],
      unitIds: [unit.af!],
      method: "recorded_oral",
      givenAt: new Date(),
      where: "Telefonsamtal",
      information: "Vad som delas, varför och hur hon återkallar.",
    });
    const id = await save(sara, ask({ categoryCodes: ["af.days_used_job"] }), { submit: true });
    expect(await requestRow(id)).toMatchObject({ consentId });
    await viaGate(erik, claimRequest, id);
    await viaGate(eva, revokeConsent, consentId);

    const release = await answers(id, { "af.days_used_job": { decision: "released", fields: { daysUsed: "312" } } });
    let error: unknown;
    const events = await recorded(async () => {
      error = await refusal(viaGate(erik, sendAnswer, id, release));
    });
    expect(error).toMatchObject({ code: "request.consent_revoked", status: 409 });
    expect(await requestRow(id)).toMatchObject({ status: "in_review", answeredAt: null });
    expect((await itemsOf(id))[0]).toMatchObject({ decision: null, answer: null });
    expect(readsOf(eventAbout(events, eva.clientId), "request.release")).toEqual([expect.objectContaining({ outcome: "withheld", reason: "revoked", category: "af.days_used_job" })]);

    await viaGate(erik, sendAnswer, id, await answers(id, { "af.days_used_job": { decision: "declined", reason: "consent_does_not_cover" } }));
    expect(await requestRow(id)).toMatchObject({ status: "declined" });
    const notices = await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.unitId, unit.berg!)));
    expect(notices.map((notice) => notice.kind)).toEqual(["request.declined"]);
  });
});

describe("withdrawing", () => {
  it("a withdrawn request cannot be answered, and nothing changes", async () => {
    const id = await save(sara, ask(), { submit: true });
    await viaGate(erik, claimRequest, id);
    const events = await recorded(() => viaGate(sara, withdrawRequest, id));
    expect(eventAbout(events, eva.clientId)).toMatchObject({ action: "request.withdraw", outcome: "success", resourceId: id });
    expect(await requestRow(id)).toMatchObject({ status: "withdrawn", claimedBy: null });
    const error = await refusal(viaGate(erik, sendAnswer, id, await answers(id, { "af.planning_meeting": { decision: "released", fields: { nextMeetingOn: "2026-12-03" } } })));
    expect(error.code).toBe("request.withdrawn");
    expect((await itemsOf(id))[0]).toMatchObject({ decision: null });
    expect((await refusal(viaGate(fatima, claimRequest, id))).code).toBe("request.withdrawn");
    const told = await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.unitId, unit.af!)));
    expect(told.map((notice) => notice.kind).sort()).toEqual(["request.submitted", "request.withdrawn"]);
    expect((await refusal(viaGate(erik, withdrawRequest, id))).status).toBe(404);
    // The request page's case must be the request's own.
    expect((await refusal(viaGate(sara, withdrawRequest, id, "00000000-0000-4000-8000-000000000000"))).status).toBe(404);
  });
});

describe("documents", () => {
  it("stores an answered PDF encrypted and serves it only through the gate", async () => {
    const id = await save(sara, ask({ categoryCodes: ["af.action_plan"] }), { submit: true });
    await viaGate(erik, claimRequest, id);
    const bytes = new Uint8Array([...new TextEncoder().encode("%PDF-1.4\n"), ...new TextEncoder().encode("Handlingsplan för Eva")]);
    const notPdf = await answers(id, { "af.action_plan": { decision: "released", fields: { plan: { filename: "plan.pdf", size: 5, bytes: new TextEncoder().encode("hello") } } } });
    const rejected = (await refusal(viaGate(erik, sendAnswer, id, notPdf))) as AnswerRejected;
    expect(Object.values(rejected.errors)).toEqual([{ fields: { plan: "not_pdf" } }]);
    await viaGate(erik, sendAnswer, id, await answers(id, { "af.action_plan": { decision: "released", fields: { plan: { filename: "handlingsplan.pdf", size: bytes.length, bytes } } } }));
    const [stored] = await db().select().from(infoRequestDocuments);
    expect(stored!.contentEncrypted).not.toContain(Buffer.from(bytes).toString("base64"));
    expect(stored).toMatchObject({ filename: "handlingsplan.pdf", contentType: "application/pdf", size: bytes.length });
    const [item] = await itemsOf(id);
    expect(item!.answer).toEqual({ plan: { documentId: stored!.id, filename: "handlingsplan.pdf", size: bytes.length } });

    const downloads: Record<string, AuditEvent[]> = {};
    for (const [name, reader] of [["sara", sara], ["erik", erik], ["eva", eva]] as const) {
      downloads[name] = await recorded(async () => {
        const document = await viaGate(reader, getAnswerDocument, stored!.id);
        expect(Buffer.from(document.bytes).equals(Buffer.from(bytes))).toBe(true);
      });
    }
    expect(eventAbout(downloads.sara!, eva.clientId)).toMatchObject({ action: "request.read", outcome: "allowed", resourceType: "info_request_document", basis: `consent:${seededConsent}`, category: "af.action_plan" });
    expect(eventAbout(downloads.erik!, eva.clientId)).toMatchObject({ action: "request.handle", outcome: "allowed", resourceType: "info_request_document" });
    expect(eventAbout(downloads.eva!, eva.clientId)).toMatchObject({ action: "request.read", outcome: "allowed", basis: "own_data" });
    let status: number | undefined;
    const refused = await recorded(async () => {
      status = (await refusal(viaGate(karin, getAnswerDocument, stored!.id))).status;
    });
    expect(status).toBe(404);
    expect(eventAbout(refused, eva.clientId)).toMatchObject({ action: "request.read", outcome: "denied", resourceType: "info_request_document" });
    expect((await refusal(viaGate(sara, getAnswerDocument, "not-a-uuid"))).status).toBe(404);
  });
});

describe("protected identity", () => {
  let sam: string;
  let samCase: string;
  beforeAll(async () => {
    const row = await demoClient("Sam");
    sam = row.id;
    expect(row.identityUnitId).toBe(unit.ame);
    samCase = (await demoCaseOf("Sam")).id;
    // Sam lets the labour-market unit share his plan with AF, so AF sees the case — but not who he is.
    await viaGate(ahmed, recordConsent, samCase, {
      purpose: "Att samordna insatserna med Arbetsförmedlingen.",
      validUntil: new Date(Date.now() + 60 * 24 * 3_600_000),
      lines: [{ discloserOrganizationId: org.municipality_labour!, recipientOrganizationId: org.af!, categoryCode: "municipality.labour_plan" }],
      unitIds: [unit.af!],
      method: "recorded_paper",
      givenAt: new Date(),
      where: "Besök på enheten",
      information: "Vad som delas, varför och hur han återkallar.",
    });
  });

  it("shows a receiving unit that sees the case neither name nor number, recorded as withheld", async () => {
    const id = await save(ahmed, ask({ basis: "legal", categoryCodes: ["af.days_used_job"], legalReference: "SoL 11 kap. 11 §", legalJustification: "Utredning av behov." }), { submit: true }, samCase);
    let received: Awaited<ReturnType<typeof getInboxRequest>> | undefined;
    const opened = await recorded(async () => {
      received = await viaGate(erik, getInboxRequest, id);
    });
    expect(received!.client).toEqual({ name: null, personnummer: null, protectedIdentity: true });
    expect(JSON.stringify(received)).not.toMatch(/Nilsson|9843/);
    expect(readsOf(eventAbout(opened, sam), "identity.view")).toEqual([expect.objectContaining({ outcome: "withheld", reason: "protected_identity", resourceId: sam })]);
    const listed = await recorded(async () => {
      const { open } = await viaGate(erik, listInbox);
      expect(open.find((row) => row.id === id)).toMatchObject({ clientName: null });
      expect(JSON.stringify(open)).not.toMatch(/Nilsson/);
    });
    expect(readsOf(eventAbout(listed, sam), "identity.view")).toMatchObject([{ outcome: "withheld", reason: "protected_identity" }]);
  });

  it("shows the name and number to the unit that holds the identity, in its inbox and on the request", async () => {
    const id = await save(erik, ask({ receivingUnitId: unit.ame!, categoryCodes: ["municipality.labour_plan"], purpose: "Att planera insatserna med Sam." }), { submit: true }, samCase);
    const listed = await recorded(async () => {
      const { open } = await viaGate(ahmed, listInbox);
      expect(open.find((row) => row.id === id)).toMatchObject({ clientName: "Sam Nilsson" });
    });
    expect(readsOf(eventAbout(listed, sam), "identity.view")).toMatchObject([{ outcome: "allowed", basis: "identity_holder" }]);
    const received = await viaGate(ahmed, getInboxRequest, id);
    expect(received.client).toEqual({ name: "Sam Nilsson", personnummer: "19750101-9843", protectedIdentity: true });
    // Another officer of the same unit sees him too: the unit holds the identity, not the person.
    const linnea = await staffActor("linnea.berg@berg.samsyn.example");
    expect((await viaGate(linnea, listInbox)).open.find((row) => row.id === id)).toMatchObject({ clientName: "Sam Nilsson" });
  });
});
