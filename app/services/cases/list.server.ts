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

/** Cases per page of the case list. */
export const casesPerPage = 50;

/**
 * "after" of a page link: `<opened at ISO>_<case id>`; anything else is the first page.
 */
export function caseCursorOf(after: string | null | undefined): { openedAt: Date; id: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/.exec(after ?? "");
  if (!match || Number.isNaN(Date.parse(match[1]!))) return undefined;
  return { openedAt: new Date(match[1]!), id: match[2]! };
}

/**
 * One page of the cases the actor's organisation leads or takes part in through an active
 * consent, newest first (`casesPerPage` rows at a time, keyset `after`), and the link value of the
 * next page (null on the last). Each case the gate shows or withholds is recorded as a line of a
 * list, in one event per client; a withheld line leaves the page shorter.
 */
export async function listCasePage(reader: Reader<StaffActor>, after?: string | null): Promise<{ cases: CaseListItem[]; next: string | null }> {
  const listed = await readCaseList(reader, { page: { after: caseCursorOf(after), limit: casesPerPage } });
  return { cases: await itemsOf(reader, listed), next: listed.more ? `${listed.more.openedAt.toISOString()}_${listed.more.id}` : null };
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
