import { randomUUID } from "node:crypto";
import { consentGrants, consentRequestLines, consentRequests, consents } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readCase } from "~/access/reads/cases.server";
import { addDays, swedishToday } from "~/lib/calendar";
import { DomainError } from "~/lib/errors";
import { caseReference } from "~/services/cases/references";
import { addParticipants, validateTerms, type ConsentTerms } from "./terms.server";

/**
 * The lead unit asks the client for consent, or records one given orally or on paper. A consent
 * is never edited afterwards: changes make new versions (revoke.server.ts).
 */

/** Asks the client; they answer under "Mina samtycken". Returns the question's id. */
export async function createConsentRequest(reader: Reader<StaffActor>, caseId: string, terms: ConsentTerms): Promise<string> {
  const actor = reader.actor;
  const { row } = await readCase(reader, caseId, { action: "case.manage", resourceType: "consent_request" });
  const lines = await validateTerms(reader, row.leadOrganizationId, terms);
  const [request] = await reader.tx
    .insert(consentRequests)
    .values({ caseId, clientId: row.clientId, requestedBy: actor.userId, organizationId: actor.organizationId, unitId: actor.unitId, purpose: terms.purpose.trim(), validUntil: terms.validUntil })
    .returning({ id: consentRequests.id });
  await reader.tx.insert(consentRequestLines).values(lines.map((line) => ({ requestId: request!.id, ...line })));
  await addParticipants(reader, caseId, terms.unitIds, actor.userId);
  reader.changed({ action: "consent.request", clientId: row.clientId, caseId, resourceType: "consent_request", resourceId: request!.id, basis: "own_organization" });
  return request!.id;
}

export interface RecordedConsent extends ConsentTerms {
  method: "recorded_oral" | "recorded_paper";
  givenAt: Date;
  where: string;
  information: string;
}

/**
 * An officer records a consent the client gave orally or on paper: who, when (an instant not
 * after now, on a Swedish day at most 31 days back; the form sends the day's Swedish midnight),
 * where and what they were told. Returns the consent's id. Errors: consent.*.
 */
export async function recordConsent(reader: Reader<StaffActor>, caseId: string, terms: RecordedConsent): Promise<string> {
  const actor = reader.actor;
  if (!terms.where.trim() || !terms.information.trim()) throw new DomainError("consent.record_details_required");
  if (terms.where.length > 500 || terms.information.length > 2000) throw new DomainError("consent.record_details_too_long");
  const monthAgo = addDays(swedishToday(reader.at), -31);
  if (Number.isNaN(terms.givenAt.getTime()) || terms.givenAt > reader.at || swedishToday(terms.givenAt) < monthAgo) throw new DomainError("consent.given_at_invalid");
  const { row } = await readCase(reader, caseId, { action: "case.manage", resourceType: "consent" });
  const lines = await validateTerms(reader, row.leadOrganizationId, terms);
  const id = randomUUID();
  await reader.tx.insert(consents).values({
    id,
    lineageId: id,
    version: 1,
    caseId,
    clientId: row.clientId,
    purpose: terms.purpose.trim(),
    method: terms.method,
    givenAt: terms.givenAt,
    validFrom: reader.at,
    validUntil: terms.validUntil,
    recordedBy: actor.userId,
    recordedWhere: terms.where.trim(),
    recordedInformation: terms.information.trim(),
  });
  await reader.tx.insert(consentGrants).values(lines.map((line) => ({ consentId: id, ...line })));
  await addParticipants(reader, caseId, terms.unitIds, actor.userId);
  reader.forgetConsents(caseId);
  reader.changed({ action: "consent.record", clientId: row.clientId, caseId, resourceType: "consent", resourceId: id, basis: `consent:${id}`, details: { method: terms.method } });
  return id;
}

/** What the consent forms offer: the other organisations with their units, and every category by owner kind. */
export async function consentFormOptions(reader: Reader<StaffActor>, caseId: string) {
  const { row } = await readCase(reader, caseId, { action: "case.manage", resourceType: "consent_form" });
  const { organizations, units, categories } = await directoryOf(reader);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, "sv");
  const forKind = (kind: string) =>
    [...categories.values()]
      .filter((category) => category.ownerKind === kind)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((category) => ({ code: category.code, name: { sv: category.nameSv, en: category.nameEn } }));
  const lead = organizations.get(row.leadOrganizationId)!;
  return {
    caseReference: caseReference(row.number),
    lead: { id: lead.id, name: lead.name, categories: forKind(lead.kind) },
    others: [...organizations.values()]
      .filter((org) => org.id !== row.leadOrganizationId)
      .sort(byName)
      .map((org) => ({
        id: org.id,
        name: org.name,
        units: [...units.values()].filter((unit) => unit.organizationId === org.id).sort(byName).map((unit) => ({ id: unit.id, name: unit.name, mailbox: unit.mailbox })),
        categories: forKind(org.kind),
      })),
  };
}
