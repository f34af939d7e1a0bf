import type { Actor, ClientActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import { together, type Reader } from "~/access/gate.server";
import { consentState, type PolicyConsent } from "~/access/policy";
import { readCase, readClientOn, readOwnCases, readParticipants, readSections, type CaseScope, type ClientDisplay } from "~/access/reads/cases.server";
import { caseReference } from "./references";

/**
 * The shared case view, for staff and for the client: the summary, who takes part, the consents,
 * and each organisation's information as far as the viewer may read it.
 */
export type { ClientDisplay } from "~/access/reads/cases.server";

export interface CaseSection {
  ownerOrganizationId: string;
  ownerOrganization: string;
  categoryCode: string;
  name: { sv: string; en: string };
  plain: { sv: string; en: string };
  shared: boolean;
  /** Why it is visible: "own_organization", "own_data" or "consent:<id>". */
  basis: string | null;
  entries: { id: string; text: string; recordedAt: string; recordedBy: string; unit: string }[];
}

export interface ConsentSummary {
  id: string;
  version: number;
  state: ReturnType<typeof consentState>;
  method: string;
  purpose: string;
  validFrom: string;
  validUntil: string;
  grants: { discloser: string; recipient: string; category: { sv: string; en: string } }[];
}

export interface CaseView {
  id: string;
  reference: string;
  status: "open" | "closed";
  openedAt: string;
  client: ClientDisplay;
  lead: { organizationId: string; organization: string; unitId: string; unit: string; mailbox: string };
  viewerIsLead: boolean;
  viewerOrganizationId: string | null;
  participants: { unitId: string; unit: string; mailbox: string; organizationId: string; organization: string; active: boolean }[];
  consents: ConsentSummary[];
  sections: CaseSection[];
}

/** One case as the reader's actor may see it (404 when unknown or not theirs to see). */
export async function getCaseView(reader: Reader, caseId: string): Promise<CaseView> {
  return viewOf(reader, await readCase(reader, caseId));
}

/** The client's own cases, each as a case view (for /me). */
export async function listOwnCases(reader: Reader<ClientActor>): Promise<CaseView[]> {
  const views: CaseView[] = [];
  for (const scope of await readOwnCases(reader)) views.push(await viewOf(reader, scope));
  return views;
}

async function viewOf(reader: Reader, scope: CaseScope): Promise<CaseView> {
  const actor: Actor = reader.actor;
  const { row } = scope;
  // The parts of the view, read together (their statements pipelined on the request's connection).
  const [{ organizations, units, categories }, consentRows, participantRows, sectionReads, client] = await together([
    directoryOf(reader),
    reader.consentRowsOf(row.id),
    readParticipants(reader, scope),
    readSections(reader, scope),
    readClientOn(reader, scope),
  ]);
  const named = activeOrganizations(consentRows, reader.at);
  named.add(row.leadOrganizationId);
  const lead = units.get(row.leadUnitId)!;

  const participants = participantRows.map((participant) => {
    const unit = units.get(participant.unitId)!;
    return {
      unitId: unit.id,
      unit: unit.name,
      mailbox: unit.mailbox,
      organizationId: participant.organizationId,
      organization: organizations.get(participant.organizationId)?.name ?? "",
      active: named.has(participant.organizationId),
    };
  });

  const name = (id: string) => organizations.get(id)?.name ?? "";
  const categoryName = (code: string) => ({ sv: categories.get(code)?.nameSv ?? code, en: categories.get(code)?.nameEn ?? code });
  const sections: CaseSection[] = sectionReads.map((section) => {
    const info = categories.get(section.categoryCode)!;
    return {
      ownerOrganizationId: section.ownerOrganizationId,
      ownerOrganization: name(section.ownerOrganizationId),
      categoryCode: section.categoryCode,
      name: { sv: info.nameSv, en: info.nameEn },
      plain: { sv: info.plainSv, en: info.plainEn },
      shared: section.decision.allowed,
      basis: section.decision.basis,
      entries: section.entries.map((entry) => ({
        id: entry.id,
        text: entry.text,
        recordedAt: entry.recordedAt.toISOString(),
        recordedBy: entry.recordedBy,
        unit: units.get(entry.unitId)?.name ?? "",
      })),
    };
  });

  return {
    id: row.id,
    reference: caseReference(row.number),
    status: row.status,
    openedAt: row.openedAt.toISOString(),
    client,
    lead: { organizationId: row.leadOrganizationId, organization: name(row.leadOrganizationId), unitId: lead.id, unit: lead.name, mailbox: lead.mailbox },
    viewerIsLead: actor.kind === "staff" && actor.unitId === row.leadUnitId,
    viewerOrganizationId: actor.kind === "staff" ? actor.organizationId : null,
    participants,
    consents: consentRows
      .filter((consent) => consent.supersededAt === null)
      .map((consent) => ({
        id: consent.id,
        version: consent.version,
        state: consentState(consent, reader.at),
        method: consent.method,
        purpose: consent.purpose,
        validFrom: consent.validFrom.toISOString(),
        validUntil: consent.validUntil.toISOString(),
        grants: consent.grants.map((grant) => ({ discloser: name(grant.discloserOrganizationId), recipient: name(grant.recipientOrganizationId), category: categoryName(grant.categoryCode) })),
      })),
    sections: sections.sort((a, b) => a.ownerOrganization.localeCompare(b.ownerOrganization, "sv") || a.name.sv.localeCompare(b.name.sv, "sv")),
  };
}

function activeOrganizations(consents: PolicyConsent[], at: Date): Set<string> {
  const named = new Set<string>();
  for (const consent of consents) {
    if (consentState(consent, at) !== "active") continue;
    for (const grant of consent.grants) named.add(grant.discloserOrganizationId).add(grant.recipientOrganizationId);
  }
  return named;
}
