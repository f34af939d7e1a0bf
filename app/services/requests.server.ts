import { randomUUID } from "node:crypto";
import { asc, eq, ne } from "drizzle-orm";
import { cases, infoCategories, infoRequestItems, infoRequests, organizations, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { authorize, gated, loadPolicyConsents, policyActorOf } from "~/access/gate.server";
import { decide, type InfoRequestFacts } from "~/access/policy";
import { isIsoDate } from "~/lib/calendar";
import type { Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { nextStatus, refusalCode } from "~/lib/requests/states";
import { statuteByReference, statutes } from "~/lib/requests/statutes";
import type { RequestFormOptions, RequestInput } from "~/lib/requests/views";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";
import { caseFacts, caseReference } from "./cases.server";
import { notifyUnits } from "~/services/notifications/notifications.server";
import { authorizeEach, loadRequest, recordTransition, requestResource, todayIso } from "./requests-shared.server";

/**
 * Asking for information (the requesting side): the form's choices, drafts, submitting and
 * withdrawing. Every item asked for passes the gate as "request.create", which records the basis
 * (the consent that covers it, or the named statute) in the audit trail.
 */
export type { RequestFormOptions } from "~/lib/requests/views";

export type { RequestInput } from "~/lib/requests/views";

const consentReasons = new Set(["no_consent", "wrong_category", "wrong_direction", "not_yet_valid", "expired", "revoked", "superseded"]);
const yearAhead = () => new Date(now().getTime() + 366 * 24 * 3_600_000).toISOString().slice(0, 10);

async function caseFor(tx: Queryable, actor: StaffActor, caseId: string, resourceType: string) {
  const [kase] = /^[0-9a-f-]{36}$/i.test(caseId) ? await tx.select().from(cases).where(eq(cases.id, caseId)) : [];
  if (!kase) throw new DomainError("not_found", 404);
  const consents = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
  await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase) }, { consents, resourceType });
  return { kase, consents };
}

async function receivingUnit(tx: Queryable, actor: StaffActor, unitId: string) {
  const [row] = /^[0-9a-f-]{36}$/i.test(unitId)
    ? await tx.select({ unit: orgUnits, organization: organizations }).from(orgUnits).innerJoin(organizations, eq(organizations.id, orgUnits.organizationId)).where(eq(orgUnits.id, unitId))
    : [];
  if (!row || row.organization.id === actor.organizationId) return null;
  return row;
}

/** The policy's view of a request from the actor's organisation to the chosen unit. */
function requestFactsFor(actor: StaffActor, chosen: NonNullable<Awaited<ReturnType<typeof receivingUnit>>>, legalReference: string | null): InfoRequestFacts {
  return {
    requestingOrganizationId: actor.organizationId,
    receivingOrganizationId: chosen.organization.id,
    receivingKind: chosen.organization.kind,
    receivingUnitId: chosen.unit.id,
    consentId: null,
    legalReference,
  };
}

/** What the request form offers: other organisations' units, and for the chosen one its items and what the consent covers. */
export async function requestFormOptions(actor: StaffActor, caseId: string, choice: { unitId?: string; basis?: string }): Promise<RequestFormOptions> {
  return gated(async (tx) => {
    const { kase, consents } = await caseFor(tx, actor, caseId, "info_request_form");
    const units = await tx
      .select({ id: orgUnits.id, name: orgUnits.name, mailbox: orgUnits.mailbox, organization: organizations.name })
      .from(orgUnits)
      .innerJoin(organizations, eq(organizations.id, orgUnits.organizationId))
      .where(ne(organizations.id, actor.organizationId))
      .orderBy(asc(organizations.name), asc(orgUnits.name));
    const chosen = choice.unitId ? await receivingUnit(tx, actor, choice.unitId) : null;
    const basis = choice.basis === "legal" ? "legal" : "consent";
    let items: RequestFormOptions["items"] = [];
    if (chosen) {
      const facts = requestFactsFor(actor, chosen, null);
      const rows = await tx.select().from(infoCategories).where(eq(infoCategories.ownerKind, chosen.organization.kind)).orderBy(asc(infoCategories.nameSv));
      items = rows.map((row) => ({
        code: row.code,
        name: { sv: row.nameSv, en: row.nameEn },
        help: { sv: row.helpSv, en: row.helpEn },
        covered: decide(policyActorOf(actor), "request.create", requestResource({ kase, facts }, row.code), consents, now()).allowed,
      }));
    }
    return { caseId, caseReference: caseReference(kase.number), units, unitId: chosen?.unit.id ?? null, basis, items, statutes, minDate: todayIso(), maxDate: yearAhead() };
  });
}

function checkText(input: RequestInput, submit: boolean) {
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
  if (date === "" ? submit : !isIsoDate(date) || date < todayIso() || date > yearAhead()) throw new DomainError("request.desired_by_invalid");
}

/**
 * Saves a new request or an edited draft, and submits it when `submit` is set. Nothing is written
 * unless every item is known, belongs to the receiving organisation and is covered by the basis.
 */
export async function saveRequest(actor: StaffActor, caseId: string, input: RequestInput, { submit, requestId }: { submit: boolean; requestId?: string }): Promise<string> {
  checkText(input, submit);
  const codes = [...new Set(input.categoryCodes)];
  if (codes.length === 0) throw new DomainError("request.no_items");
  if (codes.length > 20) throw new DomainError("request.unknown_item");
  const outcome = await gated(async (tx): Promise<{ id: string } | { refused: string }> => {
    const { kase, consents } = await caseFor(tx, actor, caseId, "info_request");
    const draft = requestId ? await loadRequest(tx, requestId, { lock: true }) : null;
    if (draft) {
      if (draft.request.caseId !== caseId) throw new DomainError("not_found", 404);
      await authorize(tx, actor, "request.manage", requestResource(draft), { consents, resourceType: "info_request", resourceId: draft.request.id });
      if (draft.request.status !== "draft") throw new DomainError(refusalCode(draft.request.status, "submit"));
    }
    const chosen = await receivingUnit(tx, actor, input.receivingUnitId);
    if (!chosen) throw new DomainError("request.unknown_unit");
    const known = await tx.select().from(infoCategories).where(eq(infoCategories.ownerKind, chosen.organization.kind));
    if (!codes.every((code) => known.some((row) => row.code === code))) throw new DomainError("request.unknown_item");
    const legalReference = input.basis === "legal" ? input.legalReference : null;
    const facts = requestFactsFor(actor, chosen, legalReference);
    const id = draft?.request.id ?? randomUUID();
    const resources = codes.map((code) => ({ resource: requestResource({ kase, facts }, code), resourceId: `${id}:${code}` }));
    const preview = resources.map(({ resource }) => decide(policyActorOf(actor), "request.create", resource, consents, now()));
    const refusal = preview.find((decision) => !decision.allowed);
    if (refusal && !refusal.allowed) {
      // Record the refused items (committed), write nothing else, and say why in plain words.
      await authorizeEach(tx, actor, "request.create", resources, consents);
      return { refused: refusal.reason === "case_closed" ? "request.case_closed" : consentReasons.has(refusal.reason) ? "request.outside_consent" : "request.not_allowed" };
    }
    const { allowed } = await authorizeEach(tx, actor, "request.create", resources, consents);
    const consentBasis = [...allowed.values()].find((basis) => basis.startsWith("consent:"));
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
      await tx.update(infoRequests).set({ ...values, version: draft.request.version + 1 }).where(eq(infoRequests.id, id));
      await tx.delete(infoRequestItems).where(eq(infoRequestItems.requestId, id));
    } else {
      await tx
        .insert(infoRequests)
        .values({ ...values, id, caseId, clientId: kase.clientId, requestingOrganizationId: actor.organizationId, requestingUnitId: actor.unitId, requestedBy: actor.userId, createdAt: now() });
      await recordTransition(tx, id, null, "draft", actor.userId);
    }
    await tx.insert(infoRequestItems).values(codes.map((categoryCode) => ({ requestId: id, categoryCode })));
    const basis = legalReference ? `legal:${legalReference}` : (consentBasis ?? null);
    if (submit) {
      await tx.update(infoRequests).set({ status: nextStatus("draft", "submit")!, submittedAt: now() }).where(eq(infoRequests.id, id));
      await recordTransition(tx, id, "draft", "submitted", actor.userId);
      await notifyUnits(tx, [chosen.unit.id], { kind: "request.submitted", subjectId: id });
    }
    await recordAudit(actor, actor.http, {
      action: submit ? "request.submit" : "request.save_draft",
      outcome: "success",
      clientId: kase.clientId,
      caseId,
      resourceType: "info_request",
      resourceId: id,
      basis,
      details: { items: codes, receivingUnitId: chosen.unit.id },
    }, tx);
    return { id };
  });
  if ("refused" in outcome) throw new DomainError(outcome.refused);
  return outcome.id;
}

/** The draft's values, for editing it. */
export async function getDraftInput(actor: StaffActor, caseId: string, requestId: string): Promise<RequestInput> {
  return gated(async (tx) => {
    const loaded = await loadRequest(tx, requestId);
    if (loaded.request.caseId !== caseId) throw new DomainError("not_found", 404);
    await authorize(tx, actor, "request.manage", requestResource(loaded), { resourceType: "info_request", resourceId: requestId });
    if (loaded.request.status !== "draft") throw new DomainError("request.not_draft", 409);
    return {
      receivingUnitId: loaded.request.receivingUnitId,
      basis: loaded.request.basis,
      categoryCodes: loaded.items.map((item) => item.categoryCode),
      purpose: loaded.request.purpose,
      legalReference: loaded.request.legalReference ?? "",
      legalJustification: loaded.request.legalJustification ?? "",
      desiredBy: loaded.request.desiredBy ?? "",
    };
  });
}

/** The requesting organisation withdraws its request (a draft is simply dropped the same way). */
export async function withdrawRequest(actor: StaffActor, requestId: string): Promise<void> {
  await gated(async (tx) => {
    const loaded = await loadRequest(tx, requestId, { lock: true });
    await authorize(tx, actor, "request.manage", requestResource(loaded), { resourceType: "info_request", resourceId: requestId });
    const { request } = loaded;
    const next = nextStatus(request.status, "withdraw");
    if (!next) throw new DomainError(refusalCode(request.status, "withdraw"));
    await tx.update(infoRequests).set({ status: next, claimedBy: null, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
    await recordTransition(tx, request.id, request.status, next, actor.userId);
    if (request.status !== "draft") await notifyUnits(tx, [request.receivingUnitId], { kind: "request.withdrawn", subjectId: request.id });
    await recordAudit(actor, actor.http, { action: "request.withdraw", outcome: "success", clientId: request.clientId, caseId: request.caseId, resourceType: "info_request", resourceId: request.id }, tx);
  });
}
