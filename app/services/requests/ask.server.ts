import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { infoRequestItems, infoRequests } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf, unitsByName, type Directory } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import type { DenyReason, InfoRequestFacts } from "~/access/policy";
import { readCase, type CaseScope } from "~/access/reads/cases.server";
import { checkItems, readRequest, type RequestContext } from "~/access/reads/requests.server";
import { addDays, isIsoDate } from "~/lib/calendar";
import { DomainError } from "~/lib/errors";
import { caseReference } from "~/services/cases/references";
import { notifyUnits } from "~/services/notifications/notifications.server";
import { nextStatus, refusalCode } from "./states";
import { statuteByReference, statutes } from "./statutes";
import { recordTransition, todayOf } from "./view.server";
import type { RequestFormOptions, RequestInput } from "./views";

/**
 * Asking for information (the requesting side): the form's choices, drafts, submitting and
 * withdrawing. Every item asked for passes the gate as "request.create", recorded with its
 * basis (the consent that covers it, or the named statute) in the look's audit event.
 */
export type { RequestFormOptions, RequestInput } from "./views";

const consentReasons = new Set<DenyReason>(["no_consent", "wrong_category", "wrong_direction", "not_yet_valid", "expired", "revoked", "superseded"]);
const yearAhead = (reader: Reader) => addDays(todayOf(reader), 366);

/** Another organisation's unit, as chosen in the form (null when unknown or the actor's own organisation). */
function receivingUnit(directory: Directory, actor: StaffActor, unitId: string) {
  const unit = directory.units.get(unitId);
  const organization = unit ? directory.organizations.get(unit.organizationId) : undefined;
  if (!unit || !organization || organization.id === actor.organizationId) return null;
  return { unit, organization };
}

/** The policy's view of a request from the actor's organisation to the chosen unit. */
function askedOf(kase: CaseScope, actor: StaffActor, chosen: NonNullable<ReturnType<typeof receivingUnit>>, legalReference: string | null): RequestContext {
  const facts: InfoRequestFacts = {
    requestingOrganizationId: actor.organizationId,
    receivingOrganizationId: chosen.organization.id,
    receivingKind: chosen.organization.kind,
    receivingUnitId: chosen.unit.id,
    consentId: null,
    legalReference,
  };
  return { case: kase, facts };
}

/**
 * What the request form offers on the case (404 when the actor may not see it): other
 * organisations' units, and for the chosen unit its catalogue items, each with whether the
 * client's consent covers it now (a request.create decision per item, recorded).
 */
export async function requestFormOptions(reader: Reader<StaffActor>, caseId: string, choice: { unitId?: string; basis?: string }): Promise<RequestFormOptions> {
  const actor = reader.actor;
  const kase = await readCase(reader, caseId, { resourceType: "info_request_form" });
  const directory = await directoryOf(reader);
  const units = unitsByName(directory, (_unit, organization) => organization.id !== actor.organizationId).map(({ unit, organization }) => ({
    id: unit.id,
    name: unit.name,
    mailbox: unit.mailbox,
    organization: organization.name,
  }));
  const chosen = choice.unitId ? receivingUnit(directory, actor, choice.unitId) : null;
  const basis = choice.basis === "legal" ? "legal" : "consent";
  let items: RequestFormOptions["items"] = [];
  if (chosen) {
    const offered = [...directory.categories.values()].filter((row) => row.ownerKind === chosen.organization.kind).sort((a, b) => a.nameSv.localeCompare(b.nameSv, "sv"));
    const covered = await checkItems(reader, askedOf(kase, actor, chosen, null), "request.create", offered.map((row) => ({ categoryCode: row.code, resourceId: `${chosen.unit.id}:${row.code}` })));
    items = offered.map((row) => ({
      code: row.code,
      name: { sv: row.nameSv, en: row.nameEn },
      help: { sv: row.helpSv, en: row.helpEn },
      covered: covered.get(`${chosen.unit.id}:${row.code}`)!.allowed,
    }));
  }
  return { caseId, caseReference: caseReference(kase.row.number), units, unitId: chosen?.unit.id ?? null, basis, items, statutes, minDate: todayOf(reader), maxDate: yearAhead(reader) };
}

function checkText(reader: Reader, input: RequestInput, submit: boolean) {
  const purpose = input.purpose.trim();
  if (purpose.length > 1000) throw new DomainError("request.purpose_too_long");
  if (submit && purpose.length < 5) throw new DomainError("request.purpose_required");
  if (input.basis === "legal") {
    if (!statuteByReference(input.legalReference)) throw new DomainError("request.statute_required");
    const justification = input.legalJustification.trim();
    if (justification.length > 2000) throw new DomainError("request.justification_too_long");
    if (submit && justification.length < 10) throw new DomainError("request.justification_required");
  }
  const date = input.desiredBy.trim();
  if (date === "" ? submit : !isIsoDate(date) || date < todayOf(reader) || date > yearAhead(reader)) throw new DomainError("request.desired_by_invalid");
}

/**
 * Saves a new request or an edited draft (`requestId`), and submits it when `submit` is set;
 * returns its id. Nothing is written unless every item is known, belongs to the receiving
 * organisation and is covered by the basis: refused items are recorded (withheld) and the call
 * throws request.outside_consent / request.case_closed / request.not_allowed (400).
 */
export async function saveRequest(reader: Reader<StaffActor>, caseId: string, input: RequestInput, { submit, requestId }: { submit: boolean; requestId?: string }): Promise<string> {
  const actor = reader.actor;
  checkText(reader, input, submit);
  const codes = [...new Set(input.categoryCodes)];
  if (codes.length === 0) throw new DomainError("request.no_items");
  if (codes.length > 20) throw new DomainError("request.unknown_item");
  const kase = await readCase(reader, caseId, { resourceType: "info_request" });
  const draft = requestId !== undefined ? await readRequest(reader, requestId, { action: "request.manage", lock: true, caseId }) : null;
  if (draft && draft.request.status !== "draft") throw new DomainError(refusalCode(draft.request.status, "submit"));
  const directory = await directoryOf(reader);
  const chosen = receivingUnit(directory, actor, input.receivingUnitId);
  if (!chosen) throw new DomainError("request.unknown_unit");
  if (!codes.every((code) => directory.categories.get(code)?.ownerKind === chosen.organization.kind)) throw new DomainError("request.unknown_item");

  const legalReference = input.basis === "legal" ? input.legalReference : null;
  const id = draft?.request.id ?? randomUUID();
  const decisions = [...(await checkItems(reader, askedOf(kase, actor, chosen, legalReference), "request.create", codes.map((code) => ({ categoryCode: code, resourceId: `${id}:${code}` })))).values()];
  const refusal = decisions.find((decision) => !decision.allowed);
  if (refusal && !refusal.allowed) {
    // The refused items stay recorded; nothing else is written. Said in plain words.
    throw new DomainError(refusal.reason === "case_closed" ? "request.case_closed" : consentReasons.has(refusal.reason) ? "request.outside_consent" : "request.not_allowed");
  }
  const consentBasis = decisions.map((decision) => decision.basis).find((basis) => basis?.startsWith("consent:"));
  const values = {
    receivingOrganizationId: chosen.organization.id,
    receivingUnitId: chosen.unit.id,
    purpose: input.purpose.trim(),
    basis: input.basis,
    consentId: consentBasis ? consentBasis.slice("consent:".length) : null,
    legalReference,
    legalJustification: input.basis === "legal" ? input.legalJustification.trim() : null,
    desiredBy: input.desiredBy.trim() || null,
  };
  if (draft) {
    await reader.tx.update(infoRequests).set({ ...values, version: draft.request.version + 1 }).where(eq(infoRequests.id, id));
    await reader.tx.delete(infoRequestItems).where(eq(infoRequestItems.requestId, id));
  } else {
    await reader.tx
      .insert(infoRequests)
      .values({ ...values, id, caseId, clientId: kase.row.clientId, requestingOrganizationId: actor.organizationId, requestingUnitId: actor.unitId, requestedBy: actor.userId, createdAt: reader.at });
    await recordTransition(reader, id, null, "draft");
  }
  await reader.tx.insert(infoRequestItems).values(codes.map((categoryCode) => ({ requestId: id, categoryCode })));
  if (submit) {
    await reader.tx.update(infoRequests).set({ status: nextStatus("draft", "submit")!, submittedAt: reader.at }).where(eq(infoRequests.id, id));
    await recordTransition(reader, id, "draft", "submitted");
    await notifyUnits(reader.tx, [chosen.unit.id], { kind: "request.submitted", subjectId: id });
  }
  reader.changed({
    action: submit ? "request.submit" : "request.save_draft",
    clientId: kase.row.clientId,
    caseId,
    resourceType: "info_request",
    resourceId: id,
    basis: legalReference ? `legal:${legalReference}` : (consentBasis ?? null),
    details: { items: codes, receivingUnitId: chosen.unit.id },
  });
  return id;
}

/** The draft's values, for editing it; null when it has been sent (the page shows it instead). 404 when not the actor's organisation's. */
export async function getDraftInput(reader: Reader<StaffActor>, caseId: string, requestId: string): Promise<RequestInput | null> {
  const { request, items } = await readRequest(reader, requestId, { action: "request.manage", caseId });
  if (request.status !== "draft") return null;
  return {
    receivingUnitId: request.receivingUnitId,
    basis: request.basis,
    categoryCodes: items.map((item) => item.categoryCode),
    purpose: request.purpose,
    legalReference: request.legalReference ?? "",
    legalJustification: request.legalJustification ?? "",
    desiredBy: request.desiredBy ?? "",
  };
}

/**
 * The requesting organisation withdraws its request (a draft is dropped the same way); the
 * receiving unit is told. Refused with the state's code once answered or withdrawn.
 */
export async function withdrawRequest(reader: Reader<StaffActor>, requestId: string, caseId?: string): Promise<void> {
  const { request } = await readRequest(reader, requestId, { action: "request.manage", lock: true, caseId });
  const next = nextStatus(request.status, "withdraw");
  if (!next) throw new DomainError(refusalCode(request.status, "withdraw"), 409);
  await reader.tx.update(infoRequests).set({ status: next, claimedBy: null, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
  await recordTransition(reader, request.id, request.status, next);
  if (request.status !== "draft") await notifyUnits(reader.tx, [request.receivingUnitId], { kind: "request.withdrawn", subjectId: request.id });
  reader.changed({ action: "request.withdraw", clientId: request.clientId, caseId: request.caseId, resourceType: "info_request", resourceId: request.id });
}
