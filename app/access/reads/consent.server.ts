import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { clients, consentGrants, consentRequestLines, consentRequests, consents, consentSignings, organizations, orgUnits, users } from "../../../db/schema";
import type { ClientActor } from "../actor";
import type { ConsentRow, Reader } from "../reader.server";
import { readCase, readOwnCases, type CaseScope } from "./cases.server";
import { notFound } from "~/lib/errors";
import { isUuid } from "~/lib/ids";

/**
 * Consents, the questions asking for them and their signing, read through the reader. A client
 * reaches only their own: anyone else's passes the gate as a case view of someone else's case,
 * which is refused and recorded (404).
 */
export type ConsentRequest = typeof consentRequests.$inferSelect;
export type ConsentRequestLine = typeof consentRequestLines.$inferSelect;

/** A consent version and its case, after the gate allowed a view of that case. */
export async function readConsent(reader: Reader, consentId: string): Promise<{ consent: ConsentRow; scope: CaseScope }> {
  if (!isUuid(consentId)) throw notFound();
  const [row] = await reader.tx.select({ caseId: consents.caseId }).from(consents).where(eq(consents.id, consentId));
  if (!row) throw notFound();
  const scope = await readCase(reader, row.caseId, { resourceType: "consent", resourceId: consentId });
  const consent = (await reader.consentRowsOf(row.caseId)).find((candidate) => candidate.id === consentId)!;
  return { consent, scope };
}

/** The consent a grant belongs to (for withdrawing one line). */
export async function readGrant(reader: Reader, grantId: string): Promise<{ grantConsentId: string }> {
  if (!isUuid(grantId)) throw notFound();
  const [grant] = await reader.tx.select({ consentId: consentGrants.consentId }).from(consentGrants).where(eq(consentGrants.id, grantId));
  if (!grant) throw notFound();
  return { grantConsentId: grant.consentId };
}

/** A question about consent and its lines, after the gate allowed a view of its case. */
export async function readConsentRequest(reader: Reader, requestId: string): Promise<{ request: ConsentRequest; lines: ConsentRequestLine[]; scope: CaseScope }> {
  if (!isUuid(requestId)) throw notFound();
  const [request] = await reader.tx.select().from(consentRequests).where(eq(consentRequests.id, requestId));
  if (!request) throw notFound();
  const scope = await readCase(reader, request.caseId, { resourceType: "consent_request", resourceId: requestId });
  const lines = await reader.tx.select().from(consentRequestLines).where(eq(consentRequestLines.requestId, request.id));
  return { request, lines, scope };
}

/** The client's own signing in progress (null when unknown, someone else's or completed). */
export async function readOwnSigning(reader: Reader<ClientActor>, signingId: string) {
  if (!isUuid(signingId)) return null;
  const [signing] = await reader.tx
    .select()
    .from(consentSignings)
    .where(and(eq(consentSignings.id, signingId), eq(consentSignings.clientId, reader.actor.clientId), isNull(consentSignings.completedAt)));
  return signing ?? null;
}

/**
 * The lookup HMAC of the signed-in client's personal identity number, to compare with the
 * identity that just signed (never the number itself).
 */
export async function readOwnNumberHmac(reader: Reader<ClientActor>): Promise<string | null> {
  const [client] = await reader.tx.select({ hmac: clients.personnummerHmac, protectedIdentity: clients.protectedIdentity, identityUnitId: clients.identityUnitId }).from(clients).where(eq(clients.id, reader.actor.clientId));
  if (!client) return null;
  await reader.check("identity.view", { type: "identity", clientId: reader.actor.clientId, protectedIdentity: client.protectedIdentity, identityUnitId: client.identityUnitId }, { resourceType: "client_identity", resourceId: reader.actor.clientId });
  return client.hmac;
}

export interface ConsentRequestRead {
  request: ConsentRequest;
  requestedBy: string;
  unit: string;
  organization: string;
  lines: ConsentRequestLine[];
}

export interface OwnConsents {
  cases: CaseScope[];
  requests: ConsentRequestRead[];
  consents: (ConsentRow & { recorder: { name: string; organization: string } | null })[];
}

/** Everything under "Mina samtycken": the client's questions, consents and their history (own data). */
export async function readOwnConsents(reader: Reader<ClientActor>): Promise<OwnConsents> {
  const own = await readOwnCases(reader, "consent_list");
  const requests = await reader.tx
    .select({ request: consentRequests, user: users.name, unit: orgUnits.name, organization: organizations.name })
    .from(consentRequests)
    .innerJoin(users, eq(users.id, consentRequests.requestedBy))
    .innerJoin(orgUnits, eq(orgUnits.id, consentRequests.unitId))
    .innerJoin(organizations, eq(organizations.id, consentRequests.organizationId))
    .where(eq(consentRequests.clientId, reader.actor.clientId))
    .orderBy(desc(consentRequests.createdAt));
  const lines = requests.length ? await reader.tx.select().from(consentRequestLines).where(inArray(consentRequestLines.requestId, requests.map((row) => row.request.id))) : [];
  const all = [...(await reader.consentRowsFor(own.map((scope) => scope.row.id))).values()].flat();
  const officerIds = [...new Set(all.flatMap((consent) => (consent.recordedBy ? [consent.recordedBy] : [])))];
  const officers = officerIds.length
    ? await reader.tx
        .select({ id: users.id, name: users.name, organization: organizations.name })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.organizationId))
        .where(inArray(users.id, officerIds))
    : [];
  const byId = new Map(officers.map((officer) => [officer.id, officer]));
  return {
    cases: own,
    requests: requests.map((row) => ({
      request: row.request,
      requestedBy: row.user,
      unit: row.unit,
      organization: row.organization,
      lines: lines.filter((line) => line.requestId === row.request.id),
    })),
    consents: all
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((consent) => {
        const officer = consent.recordedBy ? byId.get(consent.recordedBy) : undefined;
        return { ...consent, recorder: officer ? { name: officer.name, organization: officer.organization } : null };
      }),
  };
}
