import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { consentGrants, consents } from "../../../db/schema";
import type { ClientActor } from "~/access/actor";
import type { ConsentRow, Reader } from "~/access/gate.server";
import { readParticipants } from "~/access/reads/cases.server";
import { readConsent, readGrant } from "~/access/reads/consent.server";
import { consentState, type PolicyConsent } from "~/access/policy";
import { DomainError, notFound } from "~/lib/errors";
import { notifyUnits } from "~/services/notifications/notifications.server";

/**
 * Withdrawing consent, as easy as giving it (GDPR art. 7.3) and effective from the next request:
 * one line (a new version without it supersedes the consent) or the whole consent. Organisations
 * that lose access are told, with no client details.
 */

/** The client's own consent, still current (someone else's: recorded, 404). */
async function ownCurrentConsent(reader: Reader<ClientActor>, consentId: string) {
  const found = await readConsent(reader, consentId);
  if (found.consent.supersededAt || found.consent.revokedAt) throw new DomainError("consent.not_current");
  return found;
}

/** Withdraws the whole consent. */
export async function revokeConsent(reader: Reader<ClientActor>, consentId: string): Promise<void> {
  const { consent, scope } = await ownCurrentConsent(reader, consentId);
  const before = accessKeys(await reader.consentsOf(consent.caseId), reader.at);
  await reader.tx.update(consents).set({ revokedAt: reader.at, revokedByClientId: reader.actor.clientId }).where(eq(consents.id, consent.id));
  await notifyLosers(reader, scope, before);
  reader.changed({ action: "consent.revoke", clientId: reader.actor.clientId, caseId: consent.caseId, resourceType: "consent", resourceId: consent.id, basis: `consent:${consent.id}` });
}

/**
 * Withdraws one grant of the client's consent `consentId` (the consent in the page's URL);
 * returns the id of the new version (which is withdrawn too if nothing is left). Errors: 404 when
 * the consent is not the client's or the grant is not one of its lines; consent.not_current.
 */
export async function revokeGrant(reader: Reader<ClientActor>, consentId: string, grantId: string): Promise<string> {
  const { consent, scope } = await ownCurrentConsent(reader, consentId);
  const { grantConsentId } = await readGrant(reader, grantId);
  if (grantConsentId !== consent.id) throw notFound();
  const grant = consent.grants.find((candidate) => candidate.id === grantId)!;
  const before = accessKeys(await reader.consentsOf(consent.caseId), reader.at);
  const remaining = consent.grants.filter((other) => other.id !== grant.id);
  const at = reader.at;
  await reader.tx.update(consents).set({ supersededAt: at }).where(eq(consents.id, consent.id));
  await reader.tx.update(consentGrants).set({ revokedAt: at }).where(eq(consentGrants.id, grant.id));
  const id = randomUUID();
  const { id: _old, createdAt: _created, supersededAt: _superseded, grants: _grants, ...terms } = consent satisfies ConsentRow;
  await reader.tx.insert(consents).values({ ...terms, id, version: consent.version + 1, supersedesId: consent.id, createdAt: at });
  // A version with nothing left in it is the whole consent withdrawn.
  if (remaining.length === 0) await reader.tx.update(consents).set({ revokedAt: at, revokedByClientId: reader.actor.clientId }).where(eq(consents.id, id));
  else
    await reader.tx.insert(consentGrants).values(
      remaining.map((other) => ({ consentId: id, discloserOrganizationId: other.discloserOrganizationId, recipientOrganizationId: other.recipientOrganizationId, categoryCode: other.categoryCode })),
    );
  await notifyLosers(reader, scope, before);
  reader.changed({
    action: "consent.revoke_grant",
    clientId: reader.actor.clientId,
    caseId: consent.caseId,
    resourceType: "consent_grant",
    resourceId: grant.id,
    category: grant.categoryCode,
    basis: `consent:${consent.id}`,
    details: { newVersion: id },
  });
  return id;
}

/** Which organisation may see which (owner, category) on the case, as keys "org|owner|category" and "org|case". */
function accessKeys(consentsForCase: PolicyConsent[], at: Date): Set<string> {
  const keys = new Set<string>();
  for (const consent of consentsForCase) {
    if (consentState(consent, at) !== "active") continue;
    for (const grant of consent.grants) {
      if (grant.revokedAt && grant.revokedAt <= at) continue;
      keys.add(`${grant.recipientOrganizationId}|${grant.discloserOrganizationId}|${grant.categoryCode}`);
      keys.add(`${grant.recipientOrganizationId}|case`).add(`${grant.discloserOrganizationId}|case`);
    }
  }
  return keys;
}

/** Tells every participating unit of an organisation that lost something that a consent was withdrawn, nothing more. */
async function notifyLosers(reader: Reader<ClientActor>, scope: Parameters<typeof readParticipants>[1], before: Set<string>) {
  reader.forgetConsents(scope.facts.caseId);
  const after = accessKeys(await reader.consentsOf(scope.facts.caseId), reader.at);
  const losers = new Set([...before].filter((key) => !after.has(key)).map((key) => key.split("|")[0]!));
  if (losers.size === 0) return;
  const units = (await readParticipants(reader, scope)).filter((participant) => losers.has(participant.organizationId));
  await notifyUnits(reader.tx, units.map(({ unitId }) => unitId), { kind: "consent.withdrawn" });
}
