import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readFlaggedOfficers, readOrganizationTrail, reviewKeys, type ReviewFilters as TrailReviewFilters } from "~/access/reads/audit.server";
import { lookupHmac } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { keysetOf, linesPerPage } from "~/lib/paging";
import { parsePersonnummer } from "~/lib/personnummer";
import { caseReference } from "~/services/cases/references";
import type { AuditArea } from "./forms";

/** The actions of each kind of event, by the start of their names. */
const areaPrefixes: Record<AuditArea, string[]> = {
  case: ["case.", "client.", "identity."],
  plan: ["plan."],
  consent: ["consent."],
  request: ["request."],
  message: ["message.", "mailbox."],
  auth: ["auth."],
  admin: ["admin.", "audit.", "access_log."],
};

/**
 * The auditor's view of their own organisation's trail: every look and change by its staff,
 * filterable, with refused looks marked and officers with many refusals in a day flagged. Each
 * event shows every resource it read. The search itself is part of the auditor's own trail.
 */
export const deniedPerDayThreshold = 5;
export const reviewPageSize = linesPerPage;
const outcomes = ["allowed", "denied", "withheld", "success", "failure"] as const;

export interface ReviewFilters {
  officerId?: string;
  personnummer?: string;
  caseReference?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  outcome?: (typeof outcomes)[number];
  /** Only events of this kind (messages: every message.* event and the mailbox views). */
  area?: AuditArea;
  /** The page link: the key of the last event of the page before (none: the first page). */
  after?: string | null;
}

export function isOutcome(value: string): value is (typeof outcomes)[number] {
  return (outcomes as readonly string[]).includes(value);
}

/** Turns the typed filters into the trail's (a number becomes its HMAC). Errors: audit.invalid_number, audit.invalid_case. */
function trailFilters(filters: ReviewFilters): TrailReviewFilters {
  const result: TrailReviewFilters = { officerId: filters.officerId, from: filters.from, to: filters.to, outcome: filters.outcome, actionPrefixes: filters.area ? areaPrefixes[filters.area] : undefined };
  if (filters.personnummer) {
    const parsed = parsePersonnummer(filters.personnummer);
    if (!parsed.ok) throw new DomainError("audit.invalid_number");
    result.personnummerHmac = lookupHmac(parsed.normalized);
  }
  if (filters.caseReference) {
    const number = /^SAM-?(\d{1,9})$/i.exec(filters.caseReference.trim())?.[1];
    if (!number) throw new DomainError("audit.invalid_case");
    result.caseNumber = Number(number);
  }
  return result;
}

/**
 * One page of the organisation's trail (newest first, keyset `filters.after`; a malformed one is
 * DomainError page.invalid_cursor, 400), the link of the next page, its officers (for the
 * filter) and the flagged officers. Auditors only (the gate: 404).
 */
export async function reviewAuditTrail(reader: Reader<StaffActor>, filters: ReviewFilters) {
  const actor = reader.actor;
  const after = keysetOf(filters.after, reviewKeys);
  const { rows, next, clients, nothingMatches } = await readOrganizationTrail(reader, trailFilters(filters), { limit: reviewPageSize, after });
  const officers = await reader.tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.organizationId, actor.organizationId)).orderBy(users.name);
  const flagged = await readFlaggedOfficers(reader, { from: filters.from, to: filters.to }, deniedPerDayThreshold);
  const { categories } = await directoryOf(reader);
  const name = (code: string | null) => {
    const category = code ? categories.get(code) : undefined;
    return category ? { sv: category.nameSv, en: category.nameEn } : null;
  };
  const events = rows.map(({ event, officer, unit, caseNumber }) => ({
    id: String(event.id),
    occurredAt: event.occurredAt.toISOString(),
    officer: officer ? { id: officer.id, name: officer.name, title: officer.title } : null,
    unit: unit?.name ?? null,
    action: event.action,
    resourceType: event.resourceType,
    outcome: event.outcome,
    reason: event.reason,
    basis: event.basis,
    caseReference: caseNumber === null ? null : caseReference(caseNumber),
    client: event.clientId ? (clients.get(event.clientId) ?? null) : null,
    category: name(event.category),
    // Every decision and change of the look, for the auditor.
    reads: (event.reads ?? []).map((read) => ({
      action: read.action,
      outcome: read.outcome,
      resourceType: read.resourceType,
      resourceId: read.resourceId ?? null,
      caseId: read.caseId ?? null,
      category: read.category ?? null,
      categoryName: name(read.category ?? null),
      basis: read.basis ?? null,
      reason: read.reason ?? null,
    })),
  }));
  return { events, next, officers, flagged, nothingMatches };
}
