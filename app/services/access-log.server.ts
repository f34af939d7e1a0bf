import { and, desc, eq, gte, inArray, lt, notExists, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, cases, clients, infoCategories, organizations, orgUnits, users } from "../../db/schema";
import type { ClientActor } from "~/access/actor";
import { swedishDays } from "~/lib/calendar";
import { decrypt } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import type { AccessLogEntry, AccessLogOwner } from "~/lib/fhir/access-log";
import { caseReference } from "./cases.server";

/**
 * "Vem har tittat på mina uppgifter?": every time staff read or changed the client's information,
 * newest first, with who, where, what and on what basis. Reads the client's own events only.
 */
export const accessLogPageSize = 20;
/** An export holds at most this many events (years of an ordinary case). */
const exportLimit = 10_000;

export interface AccessLogFilters {
  organizationId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

const shown = ["allowed", "success"] as const;
const listLine = "case_list_item";

function conditions(actor: ClientActor, filters: AccessLogFilters): SQL {
  return and(
    eq(auditEvents.clientId, actor.clientId),
    eq(auditEvents.actorType, "staff"),
    inArray(auditEvents.outcome, [...shown]),
    filters.organizationId ? eq(auditEvents.organizationId, filters.organizationId) : undefined,
    filters.from ? gte(auditEvents.occurredAt, filters.from) : undefined,
    filters.to ? lt(auditEvents.occurredAt, filters.to) : undefined,
  )!;
}

/**
 * One page view can pass the gate several times (the case, its plan, its feed, its requests),
 * each recorded. To the client that is one look: of the events one request recorded with the same
 * action, case, category and basis (and as a list line or not), the page shows the first. The
 * downloads keep every event.
 */
function firstOfItsLook(): SQL {
  const earlier = alias(auditEvents, "earlier");
  return notExists(
    db()
      .select({ one: sql`1` })
      .from(earlier)
      .where(
        and(
          eq(earlier.requestId, auditEvents.requestId),
          eq(earlier.clientId, auditEvents.clientId),
          eq(earlier.actorType, "staff"),
          inArray(earlier.outcome, [...shown]),
          eq(earlier.action, auditEvents.action),
          sql`${earlier.caseId} is not distinct from ${auditEvents.caseId}`,
          sql`${earlier.category} is not distinct from ${auditEvents.category}`,
          sql`${earlier.basis} is not distinct from ${auditEvents.basis}`,
          sql`(${earlier.resourceType} = ${listLine}) is not distinct from (${auditEvents.resourceType} = ${listLine})`,
          lt(earlier.id, auditEvents.id),
        ),
      ),
  );
}

async function entries(
  actor: ClientActor,
  filters: AccessLogFilters,
  { limit, offset, grouped }: { limit: number; offset: number; grouped: boolean },
): Promise<AccessLogEntry[]> {
  const rows = await db()
    .select({ event: auditEvents, officer: users, organization: organizations, unit: orgUnits, kase: cases, category: infoCategories })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(organizations, eq(organizations.id, auditEvents.organizationId))
    .leftJoin(orgUnits, eq(orgUnits.id, auditEvents.unitId))
    .leftJoin(cases, eq(cases.id, auditEvents.caseId))
    .leftJoin(infoCategories, eq(infoCategories.code, auditEvents.category))
    .where(and(conditions(actor, filters), grouped ? firstOfItsLook() : undefined))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ event, officer, organization, unit, kase, category }) => ({
    id: String(event.id),
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    resourceType: event.resourceType,
    outcome: event.outcome,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    unit: unit ? { id: unit.id, name: unit.name } : null,
    officer: officer ? { id: officer.id, name: officer.name, title: officer.title } : null,
    caseId: event.caseId,
    caseReference: kase ? caseReference(kase.number) : null,
    category: category
      ? { code: category.code, name: { sv: category.nameSv, en: category.nameEn }, plain: { sv: category.plainSv, en: category.plainEn } }
      : null,
    basis: event.basis,
    consentId: event.basis?.startsWith("consent:") ? event.basis.slice("consent:".length) : null,
  }));
}

/** One page of the log, and the organisations that appear in it (for the filter). */
export async function accessLogPage(actor: ClientActor, filters: AccessLogFilters, page: number) {
  const found = await entries(actor, filters, { limit: accessLogPageSize + 1, offset: page * accessLogPageSize, grouped: true });
  const organizationRows = await db()
    .selectDistinct({ id: organizations.id, name: organizations.name })
    .from(auditEvents)
    .innerJoin(organizations, eq(organizations.id, auditEvents.organizationId))
    .where(conditions(actor, {}));
  return {
    entries: found.slice(0, accessLogPageSize),
    hasMore: found.length > accessLogPageSize,
    organizations: organizationRows.sort((a, b) => a.name.localeCompare(b.name, "sv")),
  };
}

/** Everything matching the filters, for the CSV and FHIR downloads, with the owner for the FHIR patient. */
export async function accessLogExport(actor: ClientActor, filters: AccessLogFilters): Promise<{ entries: AccessLogEntry[]; owner: AccessLogOwner }> {
  const [client] = await db().select().from(clients).where(eq(clients.id, actor.clientId));
  return {
    entries: await entries(actor, filters, { limit: exportLimit, offset: 0, grouped: false }),
    owner: {
      clientId: actor.clientId,
      name: `${client!.givenName} ${client!.familyName}`,
      personnummer: client!.protectedIdentity ? null : decrypt(client!.personnummerEncrypted),
    },
  };
}

/** Reads the filter fields of the access-log form (and download links). */
export function accessLogFiltersFrom(params: URLSearchParams): AccessLogFilters & { page: number } {
  const organizationId = params.get("organization") ?? "";
  return {
    organizationId: /^[0-9a-f-]{36}$/.test(organizationId) ? organizationId : undefined,
    ...swedishDays(params.get("from"), params.get("to")),
    page: Math.max(0, Math.min(10_000, Number.parseInt(params.get("page") ?? "0", 10) || 0)),
  };
}
