import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { caseListKeys, readCaseList, type ClientDisplay } from "~/access/reads/cases.server";
import { keysetOf, linesPerPage } from "~/lib/paging";
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

/** Cases per page of the case list. */
export const casesPerPage = linesPerPage;

/**
 * One page of the cases the actor's organisation leads or takes part in through an active
 * consent, newest first (`casesPerPage` rows at a time, keyset `after`: none is the first page, a
 * malformed one DomainError page.invalid_cursor, 400), and the link value of the next page (null on
 * the last). Each case the gate shows or withholds is recorded as a line of a list, in one event
 * per client; a withheld line leaves the page shorter. The list names clients without their
 * personal identity numbers (personnummer null).
 */
export async function listCasePage(reader: Reader<StaffActor>, after?: string | null): Promise<{ cases: CaseListItem[]; next: string | null }> {
  const listed = await readCaseList(reader, { page: { after: keysetOf(after, caseListKeys), limit: casesPerPage }, numbers: false });
  return { cases: await itemsOf(reader, listed), next: listed.more ?? null };
}

/**
 * The cases the actor's organisation leads or takes part in through an active consent (of one
 * client, when given), newest first. Each case the gate shows or withholds is recorded as a line
 * of a list, in one event per client.
 */
export async function listCasesForActor(reader: Reader<StaffActor>, options: { clientId?: string } = {}): Promise<CaseListItem[]> {
  return itemsOf(reader, await readCaseList(reader, options));
}

async function itemsOf(reader: Reader<StaffActor>, listed: Awaited<ReturnType<typeof readCaseList>>): Promise<CaseListItem[]> {
  const { organizations, units } = await directoryOf(reader);
  return listed.map(({ scope: { row }, client }) => ({
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
