import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readCaseList, type ClientDisplay } from "~/access/reads/cases.server";
import { caseReference } from "./references";

/** A case as one line of an officer's list. */
export interface CaseListItem {
  id: string;
  reference: string;
  clientId: string;
  client: ClientDisplay;
  status: "open" | "closed";
  leadUnit: string;
  leadOrganization: string;
  openedAt: string;
  lead: boolean;
}

/**
 * The cases the actor's organisation leads or takes part in through an active consent (of one
 * client, when given), newest first. Each case the gate shows or withholds is recorded as a line
 * of a list, in one event per client.
 */
export async function listCasesForActor(reader: Reader<StaffActor>, options: { clientId?: string } = {}): Promise<CaseListItem[]> {
  const { organizations, units } = await directoryOf(reader);
  return (await readCaseList(reader, options)).map(({ scope: { row }, client }) => ({
    id: row.id,
    reference: caseReference(row.number),
    clientId: row.clientId,
    client,
    status: row.status,
    leadUnit: units.get(row.leadUnitId)?.name ?? "",
    leadOrganization: organizations.get(row.leadOrganizationId)?.name ?? "",
    openedAt: row.openedAt.toISOString(),
    lead: row.leadOrganizationId === reader.actor.organizationId,
  }));
}
