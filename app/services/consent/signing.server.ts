import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { consentGrants, consentRequests, consents, consentSignings } from "../../../db/schema";
import type { ClientActor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { readConsentRequest, readOwnNumberHmac, readOwnSigning } from "~/access/reads/consent.server";
import type { EidIdentity } from "~/lib/auth/eid.server";
import { lookupHmac } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { parsePersonnummer } from "~/lib/personnummer";

/**
 * The client answers a question about consent: no, or yes to chosen lines — a signing act
 * completed by a fresh e-ID authentication (ADR 0008).
 */
const signingValidityMs = 15 * 60_000;

/** The client's own question, still waiting for an answer (someone else's: recorded, 404). */
async function ownPendingRequest(reader: Reader<ClientActor>, requestId: string) {
  const found = await readConsentRequest(reader, requestId);
  if (found.request.status !== "pending") throw new DomainError("consent.request_answered");
  return found;
}

/** The client's choice of lines, kept until the e-ID signature completes it. Returns the signing's id. */
export async function beginConsentSigning(reader: Reader<ClientActor>, requestId: string, lineIds: string[]): Promise<string> {
  if (lineIds.length === 0) throw new DomainError("consent.no_lines_chosen");
  const { request, lines } = await ownPendingRequest(reader, requestId);
  const chosen = [...new Set(lineIds)];
  if (!chosen.every((id) => lines.some((line) => line.id === id))) throw new DomainError("consent.invalid_line");
  const [signing] = await reader.tx.insert(consentSignings).values({ requestId: request.id, clientId: reader.actor.clientId, lineIds: chosen }).returning({ id: consentSignings.id });
  return signing!.id;
}

/**
 * Completes a signing with the identity from a fresh e-ID authentication (prompt=login): it must
 * be the same person (HMAC of the number), authenticated after the signing began (auth_time).
 * Stores signing time and token reference; returns the new consent's id. Errors: consent.*.
 */
export async function completeConsentSigning(reader: Reader<ClientActor>, signingId: string, identity: EidIdentity): Promise<string> {
  const actor = reader.actor;
  const signing = await readOwnSigning(reader, signingId);
  if (!signing || reader.at.getTime() - signing.createdAt.getTime() > signingValidityMs) throw new DomainError("consent.signing_expired");
  const parsed = parsePersonnummer(identity.personnummer);
  const ownHmac = await readOwnNumberHmac(reader);
  if (!parsed.ok || lookupHmac(parsed.normalized) !== ownHmac) throw new DomainError("consent.signer_mismatch");
  if (!identity.authTime || identity.authTime.getTime() < signing.createdAt.getTime() - 5_000) throw new DomainError("consent.stale_signature");
  const { request, lines: allLines } = await ownPendingRequest(reader, signing.requestId);
  const lines = allLines.filter((line) => signing.lineIds.includes(line.id));

  const id = randomUUID();
  await reader.tx.insert(consents).values({
    id,
    lineageId: id,
    version: 1,
    caseId: request.caseId,
    clientId: actor.clientId,
    requestId: request.id,
    purpose: request.purpose,
    method: "eid_signed",
    givenAt: identity.authTime,
    validFrom: reader.at,
    validUntil: request.validUntil,
    idTokenRef: identity.idTokenRef,
  });
  await reader.tx.insert(consentGrants).values(
    lines.map((line) => ({ consentId: id, discloserOrganizationId: line.discloserOrganizationId, recipientOrganizationId: line.recipientOrganizationId, categoryCode: line.categoryCode })),
  );
  await reader.tx.update(consentRequests).set({ status: "accepted", answeredAt: reader.at }).where(eq(consentRequests.id, request.id));
  await reader.tx.update(consentSignings).set({ completedAt: reader.at }).where(eq(consentSignings.id, signing.id));
  reader.forgetConsents(request.caseId);
  reader.changed({
    action: "consent.sign",
    clientId: actor.clientId,
    caseId: request.caseId,
    resourceType: "consent",
    resourceId: id,
    basis: `consent:${id}`,
    details: { idTokenRef: identity.idTokenRef, lines: lines.length },
  });
  return id;
}

/** The client says no to the whole question. */
export async function declineConsentRequest(reader: Reader<ClientActor>, requestId: string): Promise<void> {
  const { request } = await ownPendingRequest(reader, requestId);
  await reader.tx.update(consentRequests).set({ status: "declined", answeredAt: reader.at }).where(eq(consentRequests.id, request.id));
  reader.changed({ action: "consent.decline", clientId: reader.actor.clientId, caseId: request.caseId, resourceType: "consent_request", resourceId: request.id, basis: "own_data" });
}

