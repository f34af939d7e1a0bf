import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { caseEntries, caseParticipants, cases, clients, type Case, type Client } from "../../../db/schema";
import type { ClientActor, StaffActor } from "../actor";
import { directoryOf } from "../directory.server";
import type { Action, CaseFacts, Decision, InfoRequestFacts, MessageFacts } from "../policy";
import type { Allowed, Reader } from "../reader.server";
import { decrypt } from "~/lib/crypto.server";
import { notFound } from "~/lib/errors";
import { isUuid } from "~/lib/ids";
import { anyOf, statement } from "~/lib/statement.server";
import { afterKeyset, exactTime, keysetLink } from "~/lib/paging";
import { formatPersonnummer } from "~/lib/personnummer";

/**
 * Cases, the people they are about, and what organisations record on them — read only through
 * the reader, each decision recorded in the request's look.
 */
export const caseFacts = (row: Case): CaseFacts => ({
  caseId: row.id,
  clientId: row.clientId,
  leadOrganizationId: row.leadOrganizationId,
  leadUnitId: row.leadUnitId,
  status: row.status,
});

/** A case the gate let the actor in to, with the decision that did. */
export interface CaseScope {
  row: Case;
  facts: CaseFacts;
  decision: Allowed;
}

interface CaseAccess {
  /** case.view (default), case.manage for the lead unit's work, or another case-level action. */
  action?: Action;
  /** How the audit trail names what was read ("case", "plan", "consent_form" …). */
  resourceType?: string;
  resourceId?: string;
}

const caseWithClient = statement((db) => db.select({ kase: cases, client: clients }).from(cases).innerJoin(clients, eq(clients.id, cases.clientId)).where(eq(cases.id, sql.placeholder("caseId"))));

/**
 * The case row, once per look. The person's row comes with it in the same query (a page about a
 * case nearly always names them) and waits in the look for the identity decision.
 */
async function caseRow(reader: Reader, caseId: string): Promise<Case | undefined> {
  if (!isUuid(caseId)) return undefined;
  return reader.memo(`case:${caseId}`, async () => {
    const [row] = await caseWithClient(reader.tx, { caseId });
    if (row && !reader.remembers(`client:${row.client.id}`)) reader.remember(`client:${row.client.id}`, row.client);
    return row?.kase;
  });
}

const casesById = statement((db) => db.select().from(cases).where(anyOf(cases.id, "ids")));

/** Case rows in bulk (one query for those not yet loaded in this look). No decision: callers decide on each. */
export function caseRows(reader: Reader, caseIds: string[]): Promise<Map<string, Case>> {
  return reader.memoMany("case", caseIds, async (missing) => new Map((await casesById(reader.tx, { ids: missing })).map((row) => [row.id, row])));
}

/**
 * "Load the case or 404": the case, after the gate allowed `action` on it. A malformed or
 * unknown id throws DomainError not_found (404); a refusal throws AccessDenied (recorded, 404).
 */
export async function readCase(reader: Reader, caseId: string, access: CaseAccess = {}): Promise<CaseScope> {
  // The case's consents are read beside its row, not after it: the gate decides on them next.
  const [row] = await Promise.all([caseRow(reader, caseId), isUuid(caseId) ? reader.consentsFor([caseId]) : undefined]);
  if (!row) throw notFound();
  const facts = caseFacts(row);
  const decision = await reader.require(access.action ?? "case.view", { type: "case", case: facts }, { resourceType: access.resourceType ?? "case", resourceId: access.resourceId ?? caseId });
  return { row, facts, decision };
}

/** A client as one viewer may see them: a protected identity is masked (name and number null). */
export interface ClientDisplay {
  id: string;
  name: string | null;
  personnummer: string | null;
  protectedIdentity: boolean;
}

const clientsById = statement((db) => db.select().from(clients).where(anyOf(clients.id, "ids")));

function clientRows(reader: Reader, clientIds: string[]): Promise<Map<string, Client>> {
  return reader.memoMany("client", clientIds, async (missing) => new Map((await clientsById(reader.tx, { ids: missing })).map((row) => [row.id, row])));
}

/**
 * Who the client is, as the gate lets this viewer see them on this case — or on an information
 * request addressed to the viewer's unit (identity.view, recorded).
 */
export async function readClientOn(reader: Reader, scope: Pick<CaseScope, "facts">, request?: InfoRequestFacts): Promise<ClientDisplay> {
  return (await readClientsOn(reader, [{ facts: scope.facts, request }]))[0]!;
}

/**
 * Who each client is, for many cases at once (one query for the people not yet loaded). A list
 * that shows names only passes `number: false`: the personal identity number is then neither
 * decrypted nor handed out (personnummer null), even where the viewer may see it.
 */
export async function readClientsOn(
  reader: Reader,
  on: { facts: CaseFacts; request?: InfoRequestFacts; message?: MessageFacts }[],
  { number = true }: { number?: boolean } = {},
): Promise<ClientDisplay[]> {
  const people = await clientRows(reader, on.map(({ facts }) => facts.clientId));
  const shown: ClientDisplay[] = [];
  for (const { facts, request, message } of on) shown.push(await displayClient(reader, people.get(facts.clientId)!, facts, { request, message }, number));
  return shown;
}

async function displayClient(reader: Reader, client: Client, facts: CaseFacts, on: { request?: InfoRequestFacts; message?: MessageFacts }, number = true): Promise<ClientDisplay> {
  const decision = await reader.check(
    "identity.view",
    { type: "identity", clientId: client.id, protectedIdentity: client.protectedIdentity, identityUnitId: client.identityUnitId, case: facts, ...on },
    { resourceType: "client_identity", resourceId: client.id },
  );
  return identityShown(client, decision, number);
}

function identityShown(client: Client, decision: Decision, number = true): ClientDisplay {
  return {
    id: client.id,
    name: decision.allowed ? `${client.givenName} ${client.familyName}` : null,
    personnummer: decision.allowed && number ? formatPersonnummer(decrypt(client.personnummerEncrypted)) : null,
    protectedIdentity: client.protectedIdentity,
  };
}

/** The client signed in, about themself (own data). */
export async function readOwnIdentity(reader: Reader<ClientActor>): Promise<ClientDisplay & { preferredLanguage: "sv" | "en" }> {
  const client = (await clientRows(reader, [reader.actor.clientId])).get(reader.actor.clientId);
  if (!client) throw notFound();
  const decision = await reader.check(
    "identity.view",
    { type: "identity", clientId: client.id, protectedIdentity: client.protectedIdentity, identityUnitId: client.identityUnitId },
    { resourceType: "client_identity", resourceId: client.id },
  );
  return { ...identityShown(client, decision), preferredLanguage: client.preferredLanguage };
}

export interface ListedCase {
  scope: CaseScope;
  client: ClientDisplay;
}

/** The keys of the case list (newest first): opened at, to the microsecond, then the case's id. */
export const caseListKeys = ["time", "uuid"] as const;

/** A page of the case list: keyset after the (opened at, id) of the previous page's last row (see caseListKeys), at most `limit` rows. */
export interface CaseListPage {
  after?: string[];
  limit: number;
}

/** The ids of every case the organisation leads or takes part in. */
const casesOf = (organizationId: string) =>
  sql`(select ${cases.id} from ${cases} where ${cases.leadOrganizationId} = ${organizationId}
    union select ${caseParticipants.caseId} from ${caseParticipants} where ${caseParticipants.organizationId} = ${organizationId})`;

/**
 * The ids of one page of them, newest first: the cases it leads and the cases it takes part in,
 * each walked backwards through its own index from the page's key (cases_lead_org_idx,
 * case_participants_org_idx on the copied opened_at), at most `limit + 1` of each, merged. Each
 * page reads about the same few rows however many cases the organisation has; an OR of the two
 * had to sort every one of them first (ADR 0025).
 */
export function pageOfCases(organizationId: string, page: CaseListPage) {
  // Opened at is a database default (microseconds): a key cut to milliseconds would skip the cases
  // opened in the same millisecond as the last one shown (all of them, for cases imported at once).
  const led = page.after ? afterKeyset([cases.openedAt, cases.id], page.after, caseListKeys, "desc") : undefined;
  const joined = page.after ? afterKeyset([caseParticipants.caseOpenedAt, caseParticipants.caseId], page.after, caseListKeys, "desc") : undefined;
  const limit = page.limit + 1;
  return sql`(select id from (
    (select ${cases.id} as id, ${cases.openedAt} as at from ${cases}
      where ${cases.leadOrganizationId} = ${organizationId} ${led ? sql`and ${led}` : sql``}
      order by ${cases.openedAt} desc, ${cases.id} desc limit ${limit})
    union
    (select distinct ${caseParticipants.caseId}, ${caseParticipants.caseOpenedAt} from ${caseParticipants}
      where ${caseParticipants.organizationId} = ${organizationId} ${joined ? sql`and ${joined}` : sql``}
      order by ${caseParticipants.caseOpenedAt} desc, ${caseParticipants.caseId} desc limit ${limit})
    order by at desc, id desc limit ${limit}) page)`;
}

/**
 * The cases the staff actor's organisation leads or takes part in (of one client, when given),
 * newest first, a `page` at a time when given (keyset on opened at and id, so a page costs the
 * same however many cases there are). Each case passes the gate as a line of a list: shown when
 * allowed, withheld (and recorded so) when not. Only the people of the shown cases are read.
 * `more` is the link of the next page when rows follow the page (read one past it). `numbers: false`
 * leaves the personal identity numbers out (not decrypted, personnummer null).
 */
export async function readCaseList(
  reader: Reader<StaffActor>,
  { clientId, resourceType = "case_list_item", page, numbers = true }: { clientId?: string; resourceType?: string; page?: CaseListPage; numbers?: boolean } = {},
): Promise<ListedCase[] & { more?: string }> {
  const actor = reader.actor;
  const query = reader.tx
    .select({ row: cases, at: exactTime(cases.openedAt) })
    .from(cases)
    .where(and(inArray(cases.id, page ? pageOfCases(actor.organizationId, page) : casesOf(actor.organizationId)), clientId ? eq(cases.clientId, clientId) : undefined))
    .orderBy(desc(cases.openedAt), desc(cases.id));
  const read = page ? await query.limit(page.limit + 1) : await query;
  const rows = (page ? read.slice(0, page.limit) : read).map(({ row }) => row);
  const last = page && read.length > page.limit ? read[page.limit - 1] : undefined;
  await reader.consentsFor(rows.map((row) => row.id));
  const shown: CaseScope[] = [];
  for (const row of rows) {
    const facts = caseFacts(row);
    const decision = await reader.check("case.view", { type: "case", case: facts }, { resourceType, resourceId: row.id });
    if (decision.allowed) shown.push({ row, facts, decision });
  }
  const people = await readClientsOn(reader, shown, { number: numbers });
  const listed: ListedCase[] & { more?: string } = shown.map((scope, index) => ({ scope, client: people[index]! }));
  if (last) listed.more = keysetLink([last.at, last.row.id]);
  return listed;
}

/** The client's own cases, newest first (own data). */
export async function readOwnCases(reader: Reader<ClientActor>, resourceType = "case"): Promise<CaseScope[]> {
  const rows = await reader.tx.select().from(cases).where(eq(cases.clientId, reader.actor.clientId)).orderBy(desc(cases.openedAt));
  const scopes: CaseScope[] = [];
  for (const row of rows) {
    reader.remember(`case:${row.id}`, row);
    scopes.push(await readCase(reader, row.id, { resourceType }));
  }
  return scopes;
}

const participantsOfCase = statement((db) => db.select().from(caseParticipants).where(eq(caseParticipants.caseId, sql.placeholder("caseId"))).orderBy(asc(caseParticipants.addedAt)));

/** The units taking part in the case (part of the case summary: case.view covers it). */
export async function readParticipants(reader: Reader, scope: CaseScope) {
  return participantsOfCase(reader.tx, { caseId: scope.facts.caseId });
}

export type CaseEntry = typeof caseEntries.$inferSelect;

/** One organisation's information of one category on the case, and whether this viewer may read it. */
export interface SectionRead {
  ownerOrganizationId: string;
  categoryCode: string;
  decision: Decision;
  /** Empty when not allowed: what may not be shown is not handed out. */
  entries: CaseEntry[];
}

const entriesOfCase = statement((db) => db.select().from(caseEntries).where(eq(caseEntries.caseId, sql.placeholder("caseId"))).orderBy(desc(caseEntries.recordedAt)));

/**
 * The case's information by (organisation, category): every pair named in a consent of the case
 * or holding an entry. Each pair is a case.data.view decision, recorded as read or withheld.
 */
export async function readSections(reader: Reader, scope: CaseScope): Promise<SectionRead[]> {
  const [{ categories }, consentsForCase, entries] = await Promise.all([directoryOf(reader), reader.consentsOf(scope.facts.caseId), entriesOfCase(reader.tx, { caseId: scope.facts.caseId })]);
  const pairs = new Map<string, { owner: string; category: string }>();
  const add = (owner: string, category: string) => pairs.set(`${owner}|${category}`, { owner, category });
  for (const consent of consentsForCase) for (const grant of consent.grants) add(grant.discloserOrganizationId, grant.categoryCode);
  for (const entry of entries) add(entry.organizationId, entry.categoryCode);

  const sections: SectionRead[] = [];
  for (const { owner, category } of pairs.values()) {
    const info = categories.get(category);
    if (!info) continue;
    const decision = await reader.check(
      "case.data.view",
      { type: "case_data", case: scope.facts, ownerOrganizationId: owner, ownerKind: info.ownerKind, category },
      { resourceType: "case_section", resourceId: `${scope.facts.caseId}:${owner}:${category}` },
    );
    sections.push({
      ownerOrganizationId: owner,
      categoryCode: category,
      decision,
      entries: decision.allowed ? entries.filter((entry) => entry.organizationId === owner && entry.categoryCode === category) : [],
    });
  }
  return sections;
}

/**
 * Finds a person by the HMAC of their personal identity number (client.lookup, recorded about
 * them when known). Null when Samsyn does not know them. Callers must answer the same either
 * way: a lookup tells an organisation nothing it does not already know (ADR 0015).
 */
export async function lookupClientId(reader: Reader<StaffActor>, personnummerHmac: string): Promise<string | null> {
  const [row] = await reader.tx.select({ id: clients.id }).from(clients).where(eq(clients.personnummerHmac, personnummerHmac));
  await reader.require("client.lookup", { type: "client", clientId: row?.id }, { resourceType: "client", resourceId: row?.id ?? null });
  return row?.id ?? null;
}
