import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readLeadTimes, readOverdue, type LeadTimeRow } from "~/access/reads/requests.server";
import { isOfficer } from "~/access/roles";
import { addDays, daysBetween, isIsoDate, swedishMidnight } from "~/lib/calendar";
import { DomainError, notFound } from "~/lib/errors";
import { closedStatuses, openStatuses, type RequestStatus } from "./states";
import { leadTimes, median, percentile, weeklyRows, type WeekRow } from "./stats";
import { requestReference, todayOf } from "./view.server";

/**
 * Lead times of the actor's unit, as the receiver of requests and as their sender: counts per
 * state, median and 90th percentile from submitted to answered, weekly volumes — aggregates about
 * no one, not recorded — and what is overdue at the unit now: that list names requests, so each
 * one passes the gate (recorded).
 */
export type CountedStatus = Exclude<RequestStatus, "draft">;
export const countedStatuses: readonly CountedStatus[] = ["submitted", "in_review", "answered", "partly_answered", "declined", "withdrawn"];

export interface OverdueRow {
  id: string;
  reference: string;
  requester: string;
  desiredBy: string;
  status: RequestStatus;
  daysLate: number;
}

/** One side's figures: the requests the unit received, or those it sent. */
export interface SideStats {
  counts: Record<CountedStatus, number>;
  total: number;
  answered: number;
  medianHours: number | null;
  p90Hours: number | null;
  weeks: WeekRow[];
}

export interface LeadTimeStats {
  unit: { name: string; mailbox: string };
  from: string;
  to: string;
  /** Requests to the unit: how quickly it answers others. */
  received: SideStats;
  /** Requests from the unit: how quickly others answer it. */
  sent: SideStats;
  overdue: OverdueRow[];
}

function sideStats(rows: LeadTimeRow[], start: Date, weeksUntil: Date): SideStats {
  const counts = Object.fromEntries(countedStatuses.map((status) => [status, 0])) as Record<CountedStatus, number>;
  for (const row of rows) if (row.status !== "draft") counts[row.status] += 1;
  const samples = rows
    .filter((row) => row.submittedAt !== null)
    .map((row) => ({ submittedAt: row.submittedAt!, answeredAt: closedStatuses.includes(row.status) ? row.answeredAt : null }));
  const times = leadTimes(samples);
  return {
    counts,
    total: samples.length,
    answered: times.length,
    medianHours: median(times),
    p90Hours: percentile(times, 90),
    weeks: weeklyRows(samples, start, weeksUntil),
  };
}

/** The chosen period (YYYY-MM-DD, inclusive), by default the twelve weeks up to `today`; at most two years. Else request.period_invalid (400). */
export function statsPeriod(input: { from?: string; to?: string }, today: string): { from: string; to: string } {
  const to = input.to || today;
  // `to` is checked before the default `from` is counted back from it.
  if (!isIsoDate(to)) throw new DomainError("request.period_invalid");
  const from = input.from || addDays(to, -83);
  if (!isIsoDate(from) || from > to || daysBetween(from, to) > 731) throw new DomainError("request.period_invalid");
  return { from, to };
}

/** The unit's lead times over the period (`from`/`to` as typed; see statsPeriod). 404 for non-officers. */
export async function leadTimeStats(reader: Reader<StaffActor>, input: { from?: string; to?: string }): Promise<LeadTimeStats> {
  if (!isOfficer(reader.actor.role)) throw notFound();
  const today = todayOf(reader);
  const { from, to } = statsPeriod(input, today);
  // Days are Swedish days: the period runs from midnight in Sweden to midnight after `to`.
  const start = swedishMidnight(from);
  const end = swedishMidnight(addDays(to, 1));
  const weeksUntil = new Date(Math.min(end.getTime() - 1, reader.at.getTime()));
  const received = sideStats(await readLeadTimes(reader, { start, end }, "received"), start, weeksUntil);
  const sent = sideStats(await readLeadTimes(reader, { start, end }, "sent"), start, weeksUntil);

  const { units, organizations } = await directoryOf(reader);
  const late = await readOverdue(reader, { today, statuses: openStatuses });
  const unit = units.get(reader.actor.unitId);
  return {
    unit: { name: unit?.name ?? "", mailbox: unit?.mailbox ?? "" },
    from,
    to,
    received,
    sent,
    overdue: late.map(({ request }) => ({
      id: request.id,
      reference: requestReference(request.number),
      requester: `${units.get(request.requestingUnitId)?.name ?? ""}, ${organizations.get(request.requestingOrganizationId)?.name ?? ""}`,
      desiredBy: request.desiredBy!,
      status: request.status,
      // Only requests with a desired date before today are overdue (see readOverdue).
      daysLate: daysBetween(request.desiredBy!, today),
    })),
  };
}
