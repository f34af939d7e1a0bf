import { eq } from "drizzle-orm";
import { organizations, users } from "../../../db/schema";
import type { ClientActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { ConsentRow, Reader } from "~/access/gate.server";
import { consentState } from "~/access/policy";
import { readOwnIdentity } from "~/access/reads/cases.server";
import { readConsent, readOwnConsents } from "~/access/reads/consent.server";
import { DomainError } from "~/lib/errors";
import { caseReference } from "~/services/cases/references";
import type { ConsentReceipt } from "./fhir";

/** What the client sees of their consents: names resolved, in both languages. */
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

async function lineViews(reader: Reader) {
  const { organizations: orgs, categories } = await directoryOf(reader);
  return (row: { id: string; discloserOrganizationId: string; recipientOrganizationId: string; categoryCode: string }): LineView => {
    const category = categories.get(row.categoryCode);
    return {
      id: row.id,
      discloser: orgs.get(row.discloserOrganizationId)?.name ?? "",
      recipient: orgs.get(row.recipientOrganizationId)?.name ?? "",
      category: { sv: category?.nameSv ?? row.categoryCode, en: category?.nameEn ?? row.categoryCode },
      plain: { sv: category?.plainSv ?? "", en: category?.plainEn ?? "" },
    };
  };
}

function consentView(consent: ConsentRow, reference: string, recordedBy: ClientConsentView["recordedBy"], line: (row: ConsentRow["grants"][number]) => LineView, at: Date): ClientConsentView {
  return {
    id: consent.id,
    version: consent.version,
    caseReference: reference,
    state: consentState(consent, at),
    method: consent.method,
    purpose: consent.purpose,
    givenAt: consent.givenAt.toISOString(),
    validFrom: consent.validFrom.toISOString(),
    validUntil: consent.validUntil.toISOString(),
    recordedBy,
    grants: consent.grants.map((grant) => ({ ...line(grant), revokedAt: grant.revokedAt?.toISOString() ?? null })),
  };
}

/** Everything under "Mina samtycken": questions waiting for an answer, current consents, history, declined questions. */
export async function listConsentsForClient(reader: Reader<ClientActor>) {
  const own = await readOwnConsents(reader);
  const line = await lineViews(reader);
  const references = new Map(own.cases.map((scope) => [scope.row.id, caseReference(scope.row.number)]));
  const pending: ClientRequestView[] = own.requests
    .filter(({ request }) => request.status === "pending")
    .map(({ request, requestedBy, organization, unit, lines }) => ({
      id: request.id,
      caseReference: references.get(request.caseId) ?? "",
      requestedBy,
      organization,
      unit,
      purpose: request.purpose,
      validUntil: request.validUntil.toISOString(),
      createdAt: request.createdAt.toISOString(),
      status: request.status,
      lines: lines.map(line),
    }));
  const all = own.consents.map((consent) => consentView(consent, references.get(consent.caseId) ?? "", consent.recorder, line, reader.at));
  const declined = own.requests
    .filter(({ request }) => request.status === "declined")
    .map(({ request, organization }) => ({
      id: request.id,
      caseReference: references.get(request.caseId) ?? "",
      organization,
      purpose: request.purpose,
      answeredAt: request.answeredAt?.toISOString() ?? "",
    }));
  return {
    pending,
    current: all.filter((consent) => consent.state === "active" || consent.state === "not_yet_valid"),
    history: all.filter((consent) => consent.state !== "active" && consent.state !== "not_yet_valid"),
    declined,
  };
}

/** One pending question, as the client reviews it before signing (404 when not theirs or answered). */
export async function getConsentRequestForClient(reader: Reader<ClientActor>, requestId: string): Promise<ClientRequestView> {
  const { pending } = await listConsentsForClient(reader);
  const request = pending.find((candidate) => candidate.id === requestId);
  if (!request) throw new DomainError("not_found", 404);
  return request;
}

/** One consent of the client's, for the receipt page and the FHIR download. */
export async function getConsentReceipt(reader: Reader<ClientActor>, consentId: string): Promise<ConsentReceipt & { caseReference: string; view: ClientConsentView }> {
  const { consent, scope } = await readConsent(reader, consentId);
  const reference = caseReference(scope.row.number);
  const [officer] = consent.recordedBy
    ? await reader.tx.select({ user: users, organization: organizations }).from(users).innerJoin(organizations, eq(organizations.id, users.organizationId)).where(eq(users.id, consent.recordedBy))
    : [];
  const line = await lineViews(reader);
  const view = consentView(consent, reference, officer ? { name: officer.user.name, organization: officer.organization.name } : null, line, reader.at);
  const client = await readOwnIdentity(reader);
  const { organizations: orgs, categories } = await directoryOf(reader);
  const organization = (id: string) => ({ id, name: orgs.get(id)?.name ?? "" });
  const grants = [...consent.grants].sort((a, b) => a.categoryCode.localeCompare(b.categoryCode));
  return {
    id: consent.id,
    version: consent.version,
    supersedesId: consent.supersedesId,
    caseId: consent.caseId,
    caseReference: reference,
    client: {
      id: client.id,
      name: client.name ?? "",
      // A protected identity's number is never written into a file that may travel.
      personnummer: client.protectedIdentity ? null : (client.personnummer?.replace("-", "") ?? null),
    },
    purpose: consent.purpose,
    method: consent.method,
    givenAt: consent.givenAt.toISOString(),
    recordedAt: consent.createdAt.toISOString(),
    recordedBy: officer ? { id: officer.user.id, name: officer.user.name, organization: { id: officer.organization.id, name: officer.organization.name } } : null,
    idTokenRef: consent.idTokenRef,
    validFrom: consent.validFrom.toISOString(),
    validUntil: consent.validUntil.toISOString(),
    state: consentState(consent, reader.at),
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
}

