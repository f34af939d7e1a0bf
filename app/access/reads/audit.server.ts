import { and, count, desc, eq, gte, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import { auditEvents, cases, clients, organizations, orgUnits, users, type AuditEvent } from "../../../db/schema";
import type { ClientActor, StaffActor } from "../actor";
import type { Reader } from "../reader.server";
import type { Queryable } from "~/lib/db.server";
import { afterKeyset, exactTime, keysetLink } from "~/lib/paging";

/**
 * The audit trail read back: by the client ("Vem har tittat på mina uppgifter?") and by their
 * own organisation's auditor. Each event is one look (docs/architecture.md, "One event per
 * look"), so the client's page needs no grouping at read time.
 */
export interface TrailFilters {
  organizationId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface TrailRow {
  event: AuditEvent;
  officer: { id: string; name: string; title: string } | null;
  organization: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  caseNumber: number | null;
  /** When, to the microsecond (UTC): with the id, the key of a page link. */
  at: string;
}

/** What the client is shown: staff looks that showed or changed something about them. */
const shownToClient = ["allowed", "success"] as const;

function clientConditions(clientId: string, filters: TrailFilters): SQL {
  return and(
    eq(auditEvents.clientId, clientId),
    eq(auditEvents.actorType, "staff"),
    inArray(auditEvents.outcome, [...shownToClient]),
    filters.organizationId ? eq(auditEvents.organizationId, filters.organizationId) : undefined,
    filters.from ? gte(auditEvents.occurredAt, filters.from) : undefined,
    filters.to ? lt(auditEvents.occurredAt, filters.to) : undefined,
  )!;
}

async function trailRows(reader: Reader, where: SQL, limit: number, offset: number): Promise<TrailRow[]> {
  const rows = await trailQuery(reader.tx, where, limit, offset);
  return rows.map(({ event, officer, organization, unit, caseNumber, at }) => ({
    event,
    officer: officer ? { id: officer.id, name: officer.name, title: officer.title } : null,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    unit: unit ? { id: unit.id, name: unit.name } : null,
    caseNumber,
    at,
  }));
}

/** Events under `where`, newest first, with who and on which case, as one statement (tests explain this very statement). */
export function trailQuery(q: Queryable, where: SQL, limit: number, offset: number) {
  return q
    .select({ event: auditEvents, officer: users, organization: organizations, unit: orgUnits, caseNumber: cases.number, at: exactTime(auditEvents.occurredAt) })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(organizations, eq(organizations.id, auditEvents.organizationId))
    .leftJoin(orgUnits, eq(orgUnits.id, auditEvents.unitId))
    .leftJoin(cases, eq(cases.id, auditEvents.caseId))
    .where(where)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit)
    .offset(offset);
}

/** The client's own log, newest first (access_log.view, own data). */
export async function readOwnTrail(reader: Reader<ClientActor>, filters: TrailFilters, page: { limit: number; offset: number }): Promise<TrailRow[]> {
  await reader.require("access_log.view", { type: "client", clientId: reader.actor.clientId }, { resourceType: "access_log" });
  return trailRows(reader, clientConditions(reader.actor.clientId, filters), page.limit, page.offset);
}

/** The organisations that appear in the client's log (for its filter). */
export async function readOwnTrailOrganizations(reader: Reader<ClientActor>): Promise<{ id: string; name: string }[]> {
  return reader.tx
    .selectDistinct({ id: organizations.id, name: organizations.name })
    .from(auditEvents)
    .innerJoin(organizations, eq(organizations.id, auditEvents.organizationId))
    .where(clientConditions(reader.actor.clientId, {}));
}

export interface ReviewFilters extends TrailFilters {
  officerId?: string;
  /** HMAC of a personal identity number: only events about that person. */
  personnummerHmac?: string;
  caseNumber?: number;
  outcome?: AuditEvent["outcome"];
  /** Only events whose action starts with one of these ("message.", "mailbox."). */
  actionPrefixes?: string[];
}

export interface ReviewedClient {
  id: string;
  /** Null for a protected identity (the auditor sees the case reference instead). */
  name: string | null;
  protectedIdentity: boolean;
}

/** The keys of the auditor's search (newest first): when, to the microsecond, then the event's id. */
export const reviewKeys = ["time", "serial"] as const;

/**
 * A page of the auditor's view of their own organisation's trail (audit.review): `limit` events
 * after the keyset `after` (see reviewKeys), newest first, every filter in the statement, read
 * through the organisation's index (organization_id, occurred_at, id) in that order; `next` is the
 * link of the following page (null on the last). Every person a result page shows is recorded as
 * reviewed — it appears in that person's own log — and their name is decided by the gate (a
 * protected identity stays masked).
 */
export async function readOrganizationTrail(
  reader: Reader<StaffActor>,
  filters: ReviewFilters,
  page: { limit: number; after?: string[] },
): Promise<{ rows: TrailRow[]; next: string | null; clients: Map<string, ReviewedClient>; nothingMatches: boolean }> {
  const organizationId = reader.actor.organizationId;
  const search = {
    officer: filters.officerId ?? null,
    byClient: Boolean(filters.personnummerHmac),
    caseNumber: filters.caseNumber ?? null,
    from: filters.from?.toISOString() ?? null,
    to: filters.to?.toISOString() ?? null,
    outcome: filters.outcome ?? null,
    actions: filters.actionPrefixes ?? null,
  };
  await reader.require("audit.review", { type: "audit_trail", organizationId }, { resourceType: "audit_trail", resourceId: organizationId, details: { search } });
  let clientId: string | undefined;
  let caseId: string | undefined;
  if (filters.personnummerHmac) {
    const [found] = await reader.tx.select({ id: clients.id }).from(clients).where(eq(clients.personnummerHmac, filters.personnummerHmac));
    if (!found) return { rows: [], next: null, clients: new Map(), nothingMatches: true };
    clientId = found.id;
  }
  if (filters.caseNumber !== undefined) {
    const [found] = await reader.tx.select({ id: cases.id }).from(cases).where(eq(cases.number, filters.caseNumber));
    if (!found) return { rows: [], next: null, clients: new Map(), nothingMatches: true };
    caseId = found.id;
  }
  const where = and(
    organizationConditions(organizationId, filters),
    filters.officerId ? eq(auditEvents.actorUserId, filters.officerId) : undefined,
    clientId ? eq(auditEvents.clientId, clientId) : undefined,
    caseId ? eq(auditEvents.caseId, caseId) : undefined,
    filters.outcome ? eq(auditEvents.outcome, filters.outcome) : undefined,
    filters.actionPrefixes ? or(...filters.actionPrefixes.map((prefix) => like(auditEvents.action, `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`))) : undefined,
    page.after ? afterKeyset([auditEvents.occurredAt, auditEvents.id], page.after, reviewKeys, "desc") : undefined,
  )!;
  const read = await trailRows(reader, where, page.limit + 1, 0);
  const rows = read.slice(0, page.limit);
  const last = read.length > page.limit ? rows.at(-1) : undefined;
  const shown = [...new Set(rows.flatMap(({ event }) => (event.clientId ? [event.clientId] : [])))];
  const people = shown.length ? await reader.tx.select().from(clients).where(inArray(clients.id, shown)) : [];
  const reviewed = new Map<string, ReviewedClient>();
  for (const person of people) {
    await reader.check("audit.review", { type: "audit_trail", organizationId, clientId: person.id }, { resourceType: "audit_review_list_item", resourceId: person.id });
    const identity = await reader.check(
      "identity.view",
      { type: "identity", clientId: person.id, protectedIdentity: person.protectedIdentity, identityUnitId: person.identityUnitId },
      { resourceType: "client_identity", resourceId: person.id },
    );
    reviewed.set(person.id, { id: person.id, name: identity.allowed ? `${person.givenName} ${person.familyName}` : null, protectedIdentity: person.protectedIdentity });
  }
  return { rows, next: last ? keysetLink([last.at, last.event.id]) : null, clients: reviewed, nothingMatches: false };
}

function organizationConditions(organizationId: string, filters: TrailFilters): SQL {
  return and(
    eq(auditEvents.organizationId, organizationId),
    filters.from ? gte(auditEvents.occurredAt, filters.from) : undefined,
    filters.to ? lt(auditEvents.occurredAt, filters.to) : undefined,
  )!;
}

/**
 * The statement of `readFlaggedOfficers`: the organisation's refused staff looks, read through
 * their own partial index (`audit_events_denied_idx`), counted per officer and Swedish day.
 */
export function flaggedOfficersQuery(tx: Queryable, organizationId: string, filters: TrailFilters, threshold: number) {
  const day = sql<string>`to_char(${auditEvents.occurredAt} at time zone 'Europe/Stockholm', 'YYYY-MM-DD')`;
  return tx
    .select({ userId: auditEvents.actorUserId, name: users.name, day, denied: count() })
    .from(auditEvents)
    .innerJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(organizationConditions(organizationId, filters), eq(auditEvents.outcome, "denied"), eq(auditEvents.actorType, "staff")))
    .groupBy(auditEvents.actorUserId, users.name, day)
    .having(sql`count(*) > ${threshold}`)
    .orderBy(desc(day));
}

/**
 * Officers with more than `threshold` refused looks on one day (Swedish time). Only what a
 * signed-in officer did counts: refused sign-in attempts name the account tried, not who tried.
 */
export async function readFlaggedOfficers(reader: Reader<StaffActor>, filters: TrailFilters, threshold: number) {
  const rows = await flaggedOfficersQuery(reader.tx, reader.actor.organizationId, filters, threshold);
  return rows.map((row) => ({ userId: row.userId!, name: row.name, day: row.day, denied: Number(row.denied) }));
}

