import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import {
  caseParticipants,
  cases,
  clients,
  consentGrants,
  consentRequestLines,
  consentRequests,
  consents,
  consentSignings,
  infoCategories,
  organizations,
  orgUnits,
} from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { authorize, gated, loadPolicyConsents } from "~/access/gate.server";
import { consentState, type PolicyConsent } from "~/access/policy";
import type { EidIdentity } from "~/lib/auth/eid.server";
import { lookupHmac } from "~/lib/crypto.server";
import type { Queryable, Transaction } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { parsePersonnummer } from "~/lib/personnummer";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";
import { caseFacts } from "./cases.server";
import { notifyUnits } from "~/services/notifications/notifications.server";

/**
 * Consent (DESIGN.md): the client's permission for "organisation A may disclose category C to
 * organisation B" on one case, for a purpose and a period. Asked for by the lead organisation
 * and signed by the client with e-ID, or recorded by an officer; never edited: revoking one
 * grant makes a new version that supersedes the old; revoking all ends the consent.
 */
export const maxConsentMonths = 12;
const signingValidityMs = 15 * 60_000;

export interface ConsentLine {
  discloserOrganizationId: string;
  recipientOrganizationId: string;
  categoryCode: string;
}

export interface ConsentTerms {
  purpose: string;
  validUntil: Date;
  lines: ConsentLine[];
  /** Units of the other organisations that take part (their functional mailboxes). */
  unitIds: string[];
}

/** At most twelve months ahead, to the end of that day. */
export function latestAllowedEnd(from: Date): Date {
  const end = new Date(from);
  end.setUTCMonth(end.getUTCMonth() + maxConsentMonths);
  end.setUTCHours(23, 59, 59, 999);
  return end;
}

/** Checks the terms against the case: every line runs between the lead and a named unit's organisation. */
async function validateTerms(tx: Queryable, leadOrganizationId: string, terms: ConsentTerms): Promise<ConsentLine[]> {
  const purpose = terms.purpose.trim();
  if (purpose.length < 5) throw new DomainError("consent.purpose_required");
  if (purpose.length > 1000) throw new DomainError("consent.purpose_too_long");
  if (!(terms.validUntil > now()) || terms.validUntil > latestAllowedEnd(now())) throw new DomainError("consent.valid_until_invalid");
  if (terms.lines.length === 0) throw new DomainError("consent.no_lines");
  const units = terms.unitIds.length ? await tx.select().from(orgUnits).where(inArray(orgUnits.id, terms.unitIds)) : [];
  if (units.length !== new Set(terms.unitIds).size) throw new DomainError("consent.invalid_line");
  const others = new Set(units.map((unit) => unit.organizationId));
  const orgs = new Map((await tx.select().from(organizations)).map((org) => [org.id, org]));
  const categories = new Map((await tx.select().from(infoCategories)).map((category) => [category.code, category]));
  const seen = new Set<string>();
  for (const line of terms.lines) {
    const other = line.discloserOrganizationId === leadOrganizationId ? line.recipientOrganizationId : line.discloserOrganizationId;
    const leadSide = line.discloserOrganizationId === leadOrganizationId || line.recipientOrganizationId === leadOrganizationId;
    const discloserKind = orgs.get(line.discloserOrganizationId)?.kind;
    const category = categories.get(line.categoryCode);
    if (!leadSide || other === leadOrganizationId || !others.has(other) || !category || category.ownerKind !== discloserKind) {
      throw new DomainError("consent.invalid_line");
    }
    const key = `${line.discloserOrganizationId}|${line.recipientOrganizationId}|${line.categoryCode}`;
    if (seen.has(key)) throw new DomainError("consent.invalid_line");
    seen.add(key);
  }
  return terms.lines;
}

async function addParticipants(tx: Queryable, caseId: string, unitIds: string[], addedBy: string) {
  if (unitIds.length === 0) return;
  const units = await tx.select().from(orgUnits).where(inArray(orgUnits.id, unitIds));
  await tx
    .insert(caseParticipants)
    .values(units.map((unit) => ({ caseId, unitId: unit.id, organizationId: unit.organizationId, addedBy })))
    .onConflictDoNothing();
}

/** The lead organisation asks the client for consent; the client answers under "Mina samtycken". */
export async function createConsentRequest(actor: StaffActor, caseId: string, terms: ConsentTerms): Promise<string> {
  return gated(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row) throw new DomainError("not_found", 404);
    await authorize(tx, actor, "case.manage", { type: "case", case: caseFacts(row) }, { resourceType: "consent_request" });
    const lines = await validateTerms(tx, row.leadOrganizationId, terms);
    const [request] = await tx
      .insert(consentRequests)
      .values({
        caseId,
        clientId: row.clientId,
        requestedBy: actor.userId,
        organizationId: actor.organizationId,
        unitId: actor.unitId,
        purpose: terms.purpose.trim(),
        validUntil: terms.validUntil,
      })
      .returning({ id: consentRequests.id });
    await tx.insert(consentRequestLines).values(lines.map((line) => ({ requestId: request!.id, ...line })));
    await addParticipants(tx, caseId, terms.unitIds, actor.userId);
    await recordAudit(actor, actor.http, { action: "consent.request", outcome: "success", basis: "own_organization", clientId: row.clientId, caseId, resourceType: "consent_request", resourceId: request!.id }, tx);
    return request!.id;
  });
}

/** An officer records a consent the client gave orally or on paper: who, when, where, what they were told. */
export async function recordConsent(
  actor: StaffActor,
  caseId: string,
  terms: ConsentTerms & { method: "recorded_oral" | "recorded_paper"; givenAt: Date; where: string; information: string },
): Promise<string> {
  if (!terms.where.trim() || !terms.information.trim()) throw new DomainError("consent.record_details_required");
  if (terms.where.length > 500 || terms.information.length > 2000) throw new DomainError("consent.record_details_too_long");
  if (terms.givenAt > now() || terms.givenAt < new Date(now().getTime() - 31 * 24 * 3_600_000)) throw new DomainError("consent.given_at_invalid");
  return gated(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row) throw new DomainError("not_found", 404);
    await authorize(tx, actor, "case.manage", { type: "case", case: caseFacts(row) }, { resourceType: "consent" });
    const lines = await validateTerms(tx, row.leadOrganizationId, terms);
    const id = randomUUID();
    await tx.insert(consents).values({
      id,
      lineageId: id,
      version: 1,
      caseId,
      clientId: row.clientId,
      purpose: terms.purpose.trim(),
      method: terms.method,
      givenAt: terms.givenAt,
      validFrom: now(),
      validUntil: terms.validUntil,
      recordedBy: actor.userId,
      recordedWhere: terms.where.trim(),
      recordedInformation: terms.information.trim(),
    });
    await tx.insert(consentGrants).values(lines.map((line) => ({ consentId: id, ...line })));
    await addParticipants(tx, caseId, terms.unitIds, actor.userId);
    await recordAudit(actor, actor.http, { action: "consent.record", outcome: "success", clientId: row.clientId, caseId, resourceType: "consent", resourceId: id, basis: `consent:${id}`, details: { method: terms.method } }, tx);
    return id;
  });
}

/**
 * Someone else's consent or request: the gate refuses it (404) and records the attempt, like any
 * other read of client data that is not the actor's to make.
 */
async function refuseOthers(tx: Queryable, actor: ClientActor, record: { clientId: string; caseId: string }, resourceType: string, resourceId: string) {
  if (record.clientId === actor.clientId) return;
  const [kase] = await tx.select().from(cases).where(eq(cases.id, record.caseId));
  await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase!) }, { resourceType, resourceId });
}

async function ownPendingRequest(tx: Queryable, actor: ClientActor, requestId: string) {
  const [request] = await tx.select().from(consentRequests).where(eq(consentRequests.id, requestId));
  if (!request) throw new DomainError("not_found", 404);
  await refuseOthers(tx, actor, request, "consent_request", request.id);
  if (request.status !== "pending") throw new DomainError("consent.request_answered");
  return request;
}

/** The client's choice of lines, kept until the e-ID signature completes it. */
export async function beginConsentSigning(actor: ClientActor, requestId: string, lineIds: string[]): Promise<string> {
  if (lineIds.length === 0) throw new DomainError("consent.no_lines_chosen");
  return gated(async (tx) => {
    const request = await ownPendingRequest(tx, actor, requestId);
    const lines = await tx.select().from(consentRequestLines).where(eq(consentRequestLines.requestId, request.id));
    const chosen = [...new Set(lineIds)];
    if (!chosen.every((id) => lines.some((line) => line.id === id))) throw new DomainError("consent.invalid_line");
    const [signing] = await tx.insert(consentSignings).values({ requestId: request.id, clientId: actor.clientId, lineIds: chosen }).returning({ id: consentSignings.id });
    return signing!.id;
  });
}

/**
 * Completes a signing with the identity from a fresh e-ID authentication (prompt=login): it must
 * be the same person, authenticated after the signing began. Stores signing time and token reference.
 */
export async function completeConsentSigning(actor: ClientActor, signingId: string, identity: EidIdentity): Promise<string> {
  return gated(async (tx) => {
    const [signing] = await tx
      .select()
      .from(consentSignings)
      .where(and(eq(consentSignings.id, signingId), eq(consentSignings.clientId, actor.clientId), isNull(consentSignings.completedAt)));
    if (!signing || now().getTime() - signing.createdAt.getTime() > signingValidityMs) throw new DomainError("consent.signing_expired");
    const [client] = await tx.select().from(clients).where(eq(clients.id, actor.clientId));
    const parsed = parsePersonnummer(identity.personnummer);
    if (!parsed.ok || lookupHmac(parsed.normalized) !== client?.personnummerHmac) throw new DomainError("consent.signer_mismatch");
    if (!identity.authTime || identity.authTime.getTime() < signing.createdAt.getTime() - 5_000) throw new DomainError("consent.stale_signature");
    const request = await ownPendingRequest(tx, actor, signing.requestId);
    const [kase] = await tx.select().from(cases).where(eq(cases.id, request.caseId));
    await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase!) }, { resourceType: "consent_request", resourceId: request.id });
    const lines = await tx.select().from(consentRequestLines).where(inArray(consentRequestLines.id, signing.lineIds));

    const id = randomUUID();
    await tx.insert(consents).values({
      id,
      lineageId: id,
      version: 1,
      caseId: request.caseId,
      clientId: actor.clientId,
      requestId: request.id,
      purpose: request.purpose,
      method: "eid_signed",
      givenAt: identity.authTime,
      validFrom: now(),
      validUntil: request.validUntil,
      idTokenRef: identity.idTokenRef,
    });
    await tx.insert(consentGrants).values(
      lines.map((line) => ({
        consentId: id,
        discloserOrganizationId: line.discloserOrganizationId,
        recipientOrganizationId: line.recipientOrganizationId,
        categoryCode: line.categoryCode,
      })),
    );
    await tx.update(consentRequests).set({ status: "accepted", answeredAt: now() }).where(eq(consentRequests.id, request.id));
    await tx.update(consentSignings).set({ completedAt: now() }).where(eq(consentSignings.id, signing.id));
    await recordAudit(actor, actor.http, {
      action: "consent.sign",
      outcome: "success",
      caseId: request.caseId,
      resourceType: "consent",
      resourceId: id,
      basis: `consent:${id}`,
      details: { idTokenRef: identity.idTokenRef, lines: lines.length },
    }, tx);
    return id;
  });
}

export async function declineConsentRequest(actor: ClientActor, requestId: string): Promise<void> {
  await gated(async (tx) => {
    const request = await ownPendingRequest(tx, actor, requestId);
    await tx.update(consentRequests).set({ status: "declined", answeredAt: now() }).where(eq(consentRequests.id, request.id));
    await recordAudit(actor, actor.http, { action: "consent.decline", outcome: "success", basis: "own_data", caseId: request.caseId, resourceType: "consent_request", resourceId: request.id }, tx);
  });
}

async function ownCurrentConsent(tx: Transaction, actor: ClientActor, consentId: string) {
  const [consent] = await tx.select().from(consents).where(eq(consents.id, consentId));
  if (!consent) throw new DomainError("not_found", 404);
  await refuseOthers(tx, actor, consent, "consent", consent.id);
  if (consent.supersededAt || consent.revokedAt) throw new DomainError("consent.not_current");
  return consent;
}

/** Withdraws the whole consent, effective at once; the organisations that lose access are told. */
export async function revokeConsent(actor: ClientActor, consentId: string): Promise<void> {
  await gated(async (tx) => {
    const consent = await ownCurrentConsent(tx, actor, consentId);
    const before = await accessOf(tx, consent.caseId);
    await tx.update(consents).set({ revokedAt: now(), revokedByClientId: actor.clientId }).where(eq(consents.id, consent.id));
    await notifyLosers(tx, consent.caseId, before);
    await recordAudit(actor, actor.http, { action: "consent.revoke", outcome: "success", caseId: consent.caseId, resourceType: "consent", resourceId: consent.id, basis: `consent:${consent.id}` }, tx);
  });
}

/** Withdraws one grant: a new version without it supersedes the consent; the old one keeps the history. */
export async function revokeGrant(actor: ClientActor, grantId: string): Promise<string> {
  return gated(async (tx) => {
    const [grant] = await tx.select().from(consentGrants).where(eq(consentGrants.id, grantId));
    if (!grant) throw new DomainError("not_found", 404);
    const consent = await ownCurrentConsent(tx, actor, grant.consentId);
    const before = await accessOf(tx, consent.caseId);
    const remaining = (await tx.select().from(consentGrants).where(eq(consentGrants.consentId, consent.id))).filter((other) => other.id !== grant.id);
    const at = now();
    await tx.update(consents).set({ supersededAt: at }).where(eq(consents.id, consent.id));
    await tx.update(consentGrants).set({ revokedAt: at }).where(eq(consentGrants.id, grant.id));
    const id = randomUUID();
    const { id: _old, createdAt: _created, supersededAt: _superseded, ...terms } = consent;
    await tx.insert(consents).values({ ...terms, id, version: consent.version + 1, supersedesId: consent.id, createdAt: at });
    // A version with nothing left in it is the whole consent withdrawn.
    if (remaining.length === 0) await tx.update(consents).set({ revokedAt: at, revokedByClientId: actor.clientId }).where(eq(consents.id, id));
    else
      await tx.insert(consentGrants).values(
        remaining.map((other) => ({
          consentId: id,
          discloserOrganizationId: other.discloserOrganizationId,
          recipientOrganizationId: other.recipientOrganizationId,
          categoryCode: other.categoryCode,
        })),
      );
    await notifyLosers(tx, consent.caseId, before);
    await recordAudit(actor, actor.http, {
      action: "consent.revoke_grant",
      outcome: "success",
      caseId: consent.caseId,
      resourceType: "consent_grant",
      resourceId: grant.id,
      category: grant.categoryCode,
      basis: `consent:${consent.id}`,
      details: { newVersion: id },
    }, tx);
    return id;
  });
}

/** Which organisation may see which (owner, category) on the case right now, as keys "org|owner|category" and "org|case". */
async function accessOf(tx: Queryable, caseId: string): Promise<Set<string>> {
  const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId) ?? [];
  return accessKeys(consentsForCase, now());
}

function accessKeys(consentsForCase: PolicyConsent[], at: Date): Set<string> {
  const keys = new Set<string>();
  for (const consent of consentsForCase) {
    if (consentState(consent, at) !== "active") continue;
    for (const grant of consent.grants) {
      keys.add(`${grant.recipientOrganizationId}|${grant.discloserOrganizationId}|${grant.categoryCode}`);
      keys.add(`${grant.recipientOrganizationId}|case`).add(`${grant.discloserOrganizationId}|case`);
    }
  }
  return keys;
}

/** Tells every participating unit of an organisation that lost something that a consent was withdrawn, nothing more. */
async function notifyLosers(tx: Queryable, caseId: string, before: Set<string>) {
  const after = await accessOf(tx, caseId);
  const losers = new Set([...before].filter((key) => !after.has(key)).map((key) => key.split("|")[0]!));
  if (losers.size === 0) return;
  const units = await tx
    .select({ unitId: caseParticipants.unitId })
    .from(caseParticipants)
    .where(and(eq(caseParticipants.caseId, caseId), inArray(caseParticipants.organizationId, [...losers])));
  await notifyUnits(tx, units.map(({ unitId }) => unitId), { kind: "consent.withdrawn" });
}
