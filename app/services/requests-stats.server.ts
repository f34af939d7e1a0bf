import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { infoRequests, organizations, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { addDays, daysBetween, isIsoDate, swedishMidnight } from "~/lib/calendar";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { closedStatuses, openStatuses, type RequestStatus } from "~/lib/requests/states";
import { leadTimes, median, percentile, weeklyRows, type WeekRow } from "~/lib/requests/stats";
import { now } from "~/lib/time.server";
import { requestReference, todayIso } from "./requests-shared.server";

/**
 * Lead times of the actor's unit as the receiver of requests: counts per state, median and 90th
 * percentile from submitted to answered, weekly volumes, and what is overdue now. Aggregates and
 * request numbers only, no names: nothing about a person is read, so nothing is recorded.
 */
export type CountedStatus = Exclude<RequestStatus, "draft">;
export const countedStatuses: readonly CountedStatus[] = ["submitted", "in_review", "answered", "partly_answered", "declined", "withdrawn"];

export interface LeadTimeStats {
  unit: { name: string; mailbox: string };
  from: string;
  to: string;
  counts: Record<CountedStatus, number>;
  total: number;
  answered: number;
  medianHours: number | null;
  p90Hours: number | null;
  weeks: WeekRow[];
  overdue: { id: string; reference: string; requester: string; desiredBy: string; status: RequestStatus; daysLate: number }[];
}

/** The chosen period (YYYY-MM-DD, inclusive), by default the last twelve weeks. At most two years. */
export function statsPeriod(input: { from?: string; to?: string }): { from: string; to: string } {
  const to = input.to || todayIso();
  // `to` is checked before the default `from` is counted back from it.
  if (!isIsoDate(to)) throw new DomainError("request.period_invalid");
  const from = input.from || addDays(to, -83);
  if (!isIsoDate(from) || from > to || daysBetween(from, to) > 731) throw new DomainError("request.period_invalid");
  return { from, to };
}

export async function leadTimeStats(actor: StaffActor, input: { from?: string; to?: string }): Promise<LeadTimeStats> {
  if (actor.role !== "case_officer" && actor.role !== "rehab_coordinator") throw new DomainError("not_found", 404);
  const { from, to } = statsPeriod(input);
  // Days are Swedish days: the period runs from midnight in Sweden to midnight after `to`.
  const start = swedishMidnight(from);
  const end = swedishMidnight(addDays(to, 1));
  const [unit] = await db().select().from(orgUnits).where(eq(orgUnits.id, actor.unitId));
  const rows = await db()
    .select({ status: infoRequests.status, submittedAt: infoRequests.submittedAt, answeredAt: infoRequests.answeredAt })
    .from(infoRequests)
    .where(and(eq(infoRequests.receivingUnitId, actor.unitId), gte(infoRequests.submittedAt, start), lt(infoRequests.submittedAt, end)));
  const counts = Object.fromEntries(countedStatuses.map((status) => [status, 0])) as Record<CountedStatus, number>;
  for (const row of rows) if (row.status !== "draft") counts[row.status] += 1;
  const samples = rows
    .filter((row) => row.submittedAt !== null)
    .map((row) => ({ submittedAt: row.submittedAt!, answeredAt: closedStatuses.includes(row.status) ? row.answeredAt : null }));
  const times = leadTimes(samples);

  const today = todayIso();
  const late = await db()
    .select({ request: infoRequests, unit: orgUnits.name, organization: organizations.name })
    .from(infoRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, infoRequests.requestingUnitId))
    .innerJoin(organizations, eq(organizations.id, infoRequests.requestingOrganizationId))
    .where(and(eq(infoRequests.receivingUnitId, actor.unitId), inArray(infoRequests.status, [...openStatuses]), lt(infoRequests.desiredBy, today)))
    .orderBy(asc(infoRequests.desiredBy));
  return {
    unit: { name: unit?.name ?? "", mailbox: unit?.mailbox ?? "" },
    from,
    to,
    counts,
    total: samples.length,
    answered: times.length,
    medianHours: median(times),
    p90Hours: percentile(times, 90),
    weeks: weeklyRows(samples, start, new Date(Math.min(end.getTime() - 1, now().getTime()))),
    overdue: late.map((row) => ({
      id: row.request.id,
      reference: requestReference(row.request.number),
      requester: `${row.unit}, ${row.organization}`,
      desiredBy: row.request.desiredBy!,
      status: row.request.status,
      // Only requests with a desired date before today are overdue (see the query).
      daysLate: daysBetween(row.request.desiredBy!, today),
    })),
  };
}
