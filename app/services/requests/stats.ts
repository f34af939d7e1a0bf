import { addDays, isoWeek, swedishToday, weekStart, type IsoDate } from "~/lib/calendar";

/**
 * Lead-time arithmetic for the receiving unit's statistics: percentiles and ISO weeks. Pure, so
 * the numbers on the page are tested without a database. Weeks are ISO weeks in Swedish time.
 */

/** The p-th percentile (0–100) by the nearest-rank method; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The median: the mean of the two middle values for an even count; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The Monday (YYYY-MM-DD) of the ISO week that contains this instant, in Swedish time. */
export const weekOf = (at: Date): IsoDate => weekStart(swedishToday(at));

/** Every week's Monday from the week of `from` to the week of `to`, inclusive. */
export function weeksBetween(from: Date, to: Date): IsoDate[] {
  const weeks: IsoDate[] = [];
  for (let monday = weekOf(from), last = weekOf(to); monday <= last; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

export interface LeadTimeSample {
  submittedAt: Date;
  answeredAt: Date | null;
}

export interface WeekRow {
  week: string;
  weekNumber: number;
  submitted: number;
  answered: number;
  /** Median hours from submitted to answered of the requests answered that week. */
  medianHours: number | null;
}

const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

/** Lead times in hours of the answered samples. */
export function leadTimes(samples: readonly LeadTimeSample[]): number[] {
  return samples.filter((sample) => sample.answeredAt !== null).map((sample) => hoursBetween(sample.submittedAt, sample.answeredAt!));
}

/** Weekly volumes (submitted, answered) and median lead times over the period's weeks. */
export function weeklyRows(samples: readonly LeadTimeSample[], from: Date, to: Date): WeekRow[] {
  return weeksBetween(from, to).map((week) => {
    const submitted = samples.filter((sample) => weekOf(sample.submittedAt) === week);
    const answered = samples.filter((sample) => sample.answeredAt !== null && weekOf(sample.answeredAt) === week);
    return {
      week,
      weekNumber: isoWeek(week),
      submitted: submitted.length,
      answered: answered.length,
      medianHours: median(leadTimes(answered)),
    };
  });
}
