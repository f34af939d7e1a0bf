import { asc, desc, eq, inArray, ne } from "drizzle-orm";
import {
  cases,
  clients,
  consentGrants,
  consentRequestLines,
  consentRequests,
  consents,
  infoCategories,
  organizations,
  orgUnits,
  users,
} from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { authorize, gated } from "~/access/gate.server";
import { consentState } from "~/access/policy";
import { decrypt } from "~/lib/crypto.server";
import type { ConsentReceipt } from "~/lib/fhir/consent";
import { DomainError } from "~/lib/errors";
import type { Transaction } from "~/lib/db.server";
import { now } from "~/lib/time.server";
import { caseFacts, caseReference } from "./cases.server";

/** What the client and the consent forms show: names resolved, in both languages. */
type Text = { sv: string; en: string };

export interface LineView {
  id: string;
  discloser: string;
  recipient: string;
  category: Text;
  plain: Text;
}

export interface ClientRequestView {
  id: string;
  caseReference: string;
  requestedBy: string;
  organization: string;
  unit: string;
  purpose: string;
  validUntil: string;
  createdAt: string;
  status: string;
  lines: LineView[];
}

export interface ClientConsentView {
  id: string;
  version: number;
  caseReference: string;
  state: ReturnType<typeof consentState>;
  method: "eid_signed" | "recorded_oral" | "recorded_paper";
  purpose: string;
  givenAt: string;
  validFrom: string;
  validUntil: string;
  recordedBy: { name: string; organization: string } | null;
  grants: (LineView & { revokedAt: string | null })[];
}

async function lookups(tx: Transaction) {
  const orgs = new Map((await tx.select().from(organizations)).map((org) => [org.id, org.name]));
  const categories = new Map((await tx.select().from(infoCategories)).map((category) => [category.code, category]));
  const line = (row: { id: string; discloserOrganizationId: string; recipientOrganizationId: string; categoryCode: string }): LineView => {
    const category = categories.get(row.categoryCode);
    return {
      id: row.id,
      discloser: orgs.get(row.discloserOrganizationId) ?? "",
      recipient: orgs.get(row.recipientOrganizationId) ?? "",
      category: { sv: category?.nameSv ?? row.categoryCode, en: category?.nameEn ?? row.categoryCode },
      plain: { sv: category?.plainSv ?? "", en: category?.plainEn ?? "" },
    };
  };
  return { orgs, categories, line };
}

/** Everything under "Mina samtycken": questions waiting for an answer, current consents, history. */
export async function listConsentsForClient(actor: ClientActor) {
  return gated(async (tx) => {
    const ownCases = await tx.select().from(cases).where(eq(cases.clientId, actor.clientId));
    for (const kase of ownCases) await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase) }, { resourceType: "consent_list" });
    const { line } = await lookups(tx);
    const references = new Map(ownCases.map((kase) => [kase.id, caseReference(kase.number)]));

    const requests = await tx
      .select({ request: consentRequests, user: users.name, unit: orgUnits.name, organization: organizations.name })
      .from(consentRequests)
      .innerJoin(users, eq(users.id, consentRequests.requestedBy))
      .innerJoin(orgUnits, eq(orgUnits.id, consentRequests.unitId))
      .innerJoin(organizations, eq(organizations.id, consentRequests.organizationId))
      .where(eq(consentRequests.clientId, actor.clientId))
      .orderBy(desc(consentRequests.createdAt));
    const requestLines = requests.length
      ? await tx.select().from(consentRequestLines).where(inArray(consentRequestLines.requestId, requests.map((row) => row.request.id)))
      : [];
    const pending: ClientRequestView[] = requests
      .filter((row) => row.request.status === "pending")
      .map((row) => ({
        id: row.request.id,
        caseReference: references.get(row.request.caseId) ?? "",
        requestedBy: row.user,
        organization: row.organization,
        unit: row.unit,
        purpose: row.request.purpose,
        validUntil: row.request.validUntil.toISOString(),
        createdAt: row.request.createdAt.toISOString(),
        status: row.request.status,
        lines: requestLines.filter((requestLine) => requestLine.requestId === row.request.id).map(line),
      }));

    const all = await consentViews(tx, actor.clientId, references);
    const declined = requests.filter((row) => row.request.status === "declined").map((row) => ({
      id: row.request.id,
      caseReference: references.get(row.request.caseId) ?? "",
      organization: row.organization,
      purpose: row.request.purpose,
      answeredAt: row.request.answeredAt?.toISOString() ?? "",
    }));
    return {
      pending,
      current: all.filter((consent) => consent.state === "active" || consent.state === "not_yet_valid"),
      history: all.filter((consent) => consent.state !== "active" && consent.state !== "not_yet_valid"),
      declined,
    };
  });
}

async function consentViews(tx: Transaction, clientId: string, references: Map<string, string>): Promise<ClientConsentView[]> {
  const { line } = await lookups(tx);
  const rows = await tx
    .select({ consent: consents, officer: users.name, organization: organizations.name })
    .from(consents)
    .leftJoin(users, eq(users.id, consents.recordedBy))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(consents.clientId, clientId))
    .orderBy(desc(consents.createdAt));
  const grants = rows.length ? await tx.select().from(consentGrants).where(inArray(consentGrants.consentId, rows.map((row) => row.consent.id))) : [];
  const at = now();
  return rows.map(({ consent, officer, organization }) => ({
    id: consent.id,
    version: consent.version,
    caseReference: references.get(consent.caseId) ?? "",
    state: consentState(consent, at),
    method: consent.method,
    purpose: consent.purpose,
    givenAt: consent.givenAt.toISOString(),
    validFrom: consent.validFrom.toISOString(),
    validUntil: consent.validUntil.toISOString(),
    recordedBy: officer ? { name: officer, organization: organization ?? "" } : null,
    grants: grants
      .filter((grant) => grant.consentId === consent.id)
      .map((grant) => ({ ...line(grant), revokedAt: grant.revokedAt?.toISOString() ?? null })),
  }));
}

/** One pending request, as the client reviews it before signing. */
export async function getConsentRequestForClient(actor: ClientActor, requestId: string): Promise<ClientRequestView> {
  const { pending } = await listConsentsForClient(actor);
  const request = pending.find((candidate) => candidate.id === requestId);
  if (!request) throw new DomainError("not_found", 404);
  return request;
}

/** One consent of the client's, for the receipt page and the FHIR download. */
export async function getConsentReceipt(actor: ClientActor, consentId: string): Promise<ConsentReceipt & { caseReference: string; view: ClientConsentView }> {
  return gated(async (tx) => {
    const [consent] = await tx.select().from(consents).where(eq(consents.id, consentId));
    const [kase] = consent ? await tx.select().from(cases).where(eq(cases.id, consent.caseId)) : [];
    if (!consent || !kase) throw new DomainError("not_found", 404);
    await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase) }, { resourceType: "consent", resourceId: consent.id });
    const references = new Map([[kase.id, caseReference(kase.number)]]);
    const view = (await consentViews(tx, actor.clientId, references)).find((candidate) => candidate.id === consentId)!;
    const [client] = await tx.select().from(clients).where(eq(clients.id, consent.clientId));
    const { orgs, categories } = await lookups(tx);
    const [officer] = consent.recordedBy
      ? await tx.select({ user: users, organization: organizations }).from(users).innerJoin(organizations, eq(organizations.id, users.organizationId)).where(eq(users.id, consent.recordedBy))
      : [];
    const grants = await tx.select().from(consentGrants).where(eq(consentGrants.consentId, consent.id)).orderBy(asc(consentGrants.categoryCode));
    const organization = (id: string) => ({ id, name: orgs.get(id) ?? "" });
    return {
      id: consent.id,
      version: consent.version,
      supersedesId: consent.supersedesId,
      caseId: consent.caseId,
      caseReference: caseReference(kase.number),
      client: {
        id: client!.id,
        name: `${client!.givenName} ${client!.familyName}`,
        // A protected identity's number is never written into a file that may travel.
        personnummer: client!.protectedIdentity ? null : decrypt(client!.personnummerEncrypted),
      },
      purpose: consent.purpose,
      method: consent.method,
      givenAt: consent.givenAt.toISOString(),
      recordedAt: consent.createdAt.toISOString(),
      recordedBy: officer ? { id: officer.user.id, name: officer.user.name, organization: { id: officer.organization.id, name: officer.organization.name } } : null,
      idTokenRef: consent.idTokenRef,
      validFrom: consent.validFrom.toISOString(),
      validUntil: consent.validUntil.toISOString(),
      state: consentState(consent, now()),
      revokedAt: consent.revokedAt?.toISOString() ?? null,
      grants: grants.map((grant) => {
        const category = categories.get(grant.categoryCode);
        return {
          discloser: organization(grant.discloserOrganizationId),
          recipient: organization(grant.recipientOrganizationId),
          category: { code: grant.categoryCode, name: { sv: category?.nameSv ?? grant.categoryCode, en: category?.nameEn ?? grant.categoryCode } },
          revokedAt: grant.revokedAt?.toISOString() ?? null,
        };
      }),
      view,
    };
  });
}

/** What the consent forms offer: the other organisations with their units, and every category by owner kind. */
export async function consentFormOptions(actor: StaffActor, caseId: string) {
  return gated(async (tx) => {
    const [kase] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!kase) throw new DomainError("not_found", 404);
    await authorize(tx, actor, "case.manage", { type: "case", case: caseFacts(kase) }, { resourceType: "consent_form" });
    const orgs = await tx.select().from(organizations).where(ne(organizations.id, kase.leadOrganizationId)).orderBy(asc(organizations.name));
    const units = await tx.select().from(orgUnits).orderBy(asc(orgUnits.name));
    const categories = await tx.select().from(infoCategories).orderBy(asc(infoCategories.code));
    const [lead] = await tx.select().from(organizations).where(eq(organizations.id, kase.leadOrganizationId));
    const forKind = (kind: string) => categories.filter((category) => category.ownerKind === kind).map((category) => ({ code: category.code, name: { sv: category.nameSv, en: category.nameEn } }));
    return {
      caseReference: caseReference(kase.number),
      lead: { id: lead!.id, name: lead!.name, categories: forKind(lead!.kind) },
      others: orgs.map((org) => ({
        id: org.id,
        name: org.name,
        units: units.filter((unit) => unit.organizationId === org.id).map((unit) => ({ id: unit.id, name: unit.name, mailbox: unit.mailbox })),
        categories: forKind(org.kind),
      })),
    };
  });
}
