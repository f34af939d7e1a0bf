import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { auditEvents, cases, clients, infoCategories, orgUnits, users } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { lookupHmac } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { parsePersonnummer } from "~/lib/personnummer";
import { inChainOrder } from "~/access/gate.server";
import { recordAudit } from "~/access/audit/record.server";
import { caseReference } from "./cases.server";

/**
 * The auditor's view of their own organisation's trail: every event by its staff, filterable,
 * with denied attempts marked and officers with many denials in a day flagged. Each search is
 * itself recorded.
 */
export const deniedPerDayThreshold = 5;
export const reviewPageSize = 50;
const outcomes = ["allowed", "denied", "success", "failure"] as const;

export interface ReviewFilters {
  officerId?: string;
  personnummer?: string;
  caseReference?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  outcome?: (typeof outcomes)[number];
  page: number;
}

export function isOutcome(value: string): value is (typeof outcomes)[number] {
  return (outcomes as readonly string[]).includes(value);
}

function assertAuditor(actor: StaffActor) {
  if (actor.role !== "auditor") throw new DomainError("auth.forbidden", 403);
}

/** Resolves the client and case filters; `null` means "matches nothing". */
async function subjectOf(filters: ReviewFilters): Promise<{ clientId?: string; caseId?: string } | null> {
  const subject: { clientId?: string; caseId?: string } = {};
  if (filters.personnummer) {
    const parsed = parsePersonnummer(filters.personnummer);
    if (!parsed.ok) throw new DomainError("audit.invalid_number");
    const [client] = await db().select({ id: clients.id }).from(clients).where(eq(clients.personnummerHmac, lookupHmac(parsed.normalized)));
    if (!client) return null;
    subject.clientId = client.id;
  }
  if (filters.caseReference) {
    const number = /^SAM-?(\d{1,9})$/i.exec(filters.caseReference.trim())?.[1];
    if (!number) throw new DomainError("audit.invalid_case");
    const [kase] = await db().select({ id: cases.id }).from(cases).where(eq(cases.number, Number(number)));
    if (!kase) return null;
    subject.caseId = kase.id;
  }
  return subject;
}

export async function reviewAuditTrail(actor: StaffActor, filters: ReviewFilters) {
  assertAuditor(actor);
  const subject = await subjectOf(filters);
  await recordAudit(actor, actor.http, {
    action: "audit.search",
    outcome: "success",
    clientId: subject?.clientId,
    caseId: subject?.caseId,
    details: {
      officer: filters.officerId ?? null,
      byClient: Boolean(filters.personnummer),
      case: filters.caseReference ?? null,
      from: filters.from?.toISOString() ?? null,
      to: filters.to?.toISOString() ?? null,
      outcome: filters.outcome ?? null,
    },
  });

  const officers = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.organizationId, actor.organizationId))
    .orderBy(users.name);
  const period: SQL[] = [eq(auditEvents.organizationId, actor.organizationId)];
  if (filters.from) period.push(gte(auditEvents.occurredAt, filters.from));
  if (filters.to) period.push(lt(auditEvents.occurredAt, filters.to));
  const flagged = await flaggedOfficers(and(...period)!);
  if (subject === null) return { events: [], hasMore: false, officers, flagged, nothingMatches: true };

  const where = and(
    ...period,
    filters.officerId ? eq(auditEvents.actorUserId, filters.officerId) : undefined,
    subject.clientId ? eq(auditEvents.clientId, subject.clientId) : undefined,
    subject.caseId ? eq(auditEvents.caseId, subject.caseId) : undefined,
    filters.outcome ? eq(auditEvents.outcome, filters.outcome) : undefined,
  );
  const rows = await db()
    .select({ event: auditEvents, officer: users, unit: orgUnits, kase: cases, client: clients, category: infoCategories })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(orgUnits, eq(orgUnits.id, auditEvents.unitId))
    .leftJoin(cases, eq(cases.id, auditEvents.caseId))
    .leftJoin(clients, eq(clients.id, auditEvents.clientId))
    .leftJoin(infoCategories, eq(infoCategories.code, auditEvents.category))
    .where(where)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(reviewPageSize + 1)
    .offset(filters.page * reviewPageSize);
  const events = rows.slice(0, reviewPageSize).map(({ event, officer, unit, kase, client, category }) => ({
    id: String(event.id),
    occurredAt: event.occurredAt.toISOString(),
    officer: officer ? { id: officer.id, name: officer.name, title: officer.title } : null,
    unit: unit?.name ?? null,
    action: event.action,
    outcome: event.outcome,
    reason: event.reason,
    basis: event.basis,
    caseReference: kase ? caseReference(kase.number) : null,
    // A protected identity stays masked here too; the case reference identifies the case.
    client: client ? { name: client.protectedIdentity ? null : `${client.givenName} ${client.familyName}`, protectedIdentity: client.protectedIdentity } : null,
    category: category ? { sv: category.nameSv, en: category.nameEn } : null,
  }));
  // A list page records whom it showed, client by client: the auditor's look is in their logs too.
  const shownClients = [...new Set(rows.slice(0, reviewPageSize).flatMap(({ event }) => (event.clientId ? [event.clientId] : [])))];
  await db().transaction((tx) =>
    inChainOrder(shownClients, (clientId) => clientId, (clientId) =>
      recordAudit(actor, actor.http, { action: "audit.review", outcome: "success", clientId, basis: "audit_supervision", resourceType: "audit_review_list_item" }, tx),
    ),
  );
  return { events, hasMore: rows.length > reviewPageSize, officers, flagged, nothingMatches: false };
}

/**
 * Officers with more than the threshold of denied attempts on one day (Swedish time). Only what
 * a signed-in officer did counts: refused sign-in attempts name the account tried, not who tried.
 */
async function flaggedOfficers(where: SQL) {
  const day = sql<string>`to_char(${auditEvents.occurredAt} at time zone 'Europe/Stockholm', 'YYYY-MM-DD')`;
  const rows = await db()
    .select({ userId: auditEvents.actorUserId, name: users.name, day, denied: sql<number>`count(*)::int` })
    .from(auditEvents)
    .innerJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(where, eq(auditEvents.outcome, "denied"), eq(auditEvents.actorType, "staff")))
    .groupBy(auditEvents.actorUserId, users.name, day)
    .having(sql`count(*) > ${deniedPerDayThreshold}`)
    .orderBy(desc(day));
  return rows.map((row) => ({ userId: row.userId!, name: row.name, day: row.day, denied: Number(row.denied) }));
}
