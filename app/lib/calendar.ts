import { DomainError } from "./errors";

/**
 * Dates as "YYYY-MM-DD" strings (plan dates have no time of day), Swedish working days, ISO
 * weeks, and Swedish wall-clock times ("HH:MM" in Europe/Stockholm). Client-safe and pure.
 */
export type IsoDate = string;

export const toIsoDate = (date: Date): IsoDate => date.toISOString().slice(0, 10);
const fromIso = (iso: IsoDate) => new Date(`${iso}T00:00:00Z`);

export function addDays(iso: IsoDate, days: number): IsoDate {
  const date = fromIso(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

// Made once: building an Intl formatter costs far more than using it.
const swedishDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" });

/** The Swedish calendar date (YYYY-MM-DD, Europe/Stockholm) of an instant: "today" for the current time. */
export function swedishToday(at: Date): IsoDate {
  return swedishDay.format(at);
}

const stockholmOffset = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Stockholm", timeZoneName: "longOffset" });

// Offsets by UTC hour: Sweden's clocks change on a whole UTC hour (01:00), so one hour has one
// offset. Asking Intl costs far more than a lookup; the map is emptied when it grows large.
const offsetsByHour = new Map<number, number>();

/** How far Stockholm's clocks are ahead of UTC at an instant, in milliseconds (3 600 000 in winter, 7 200 000 in summer). */
function stockholmOffsetMs(at: Date): number {
  const hour = Math.floor(at.getTime() / 3_600_000);
  const known = offsetsByHour.get(hour);
  if (known !== undefined) return known;
  const name = stockholmOffset.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? "";
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) throw new Error(`Unexpected time zone offset for Europe/Stockholm: "${name}"`);
  const offset = (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
  if (offsetsByHour.size >= 10_000) offsetsByHour.clear();
  offsetsByHour.set(hour, offset);
  return offset;
}

/**
 * The instant a Swedish day begins (00:00 in Stockholm: 23:00 or 22:00 UTC the day before).
 * Period filters use it, so "from 1 March" means from midnight in Sweden. Clocks change at
 * 01:00 UTC, after every Swedish midnight, so the offset at 00:00 UTC is the one at midnight.
 */
export function swedishMidnight(iso: IsoDate): Date {
  const utcMidnight = fromIso(iso);
  return new Date(utcMidnight.getTime() - stockholmOffsetMs(utcMidnight));
}

const clockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A time of day written "HH:MM" on the 24-hour clock, 00:00–23:59. */
export function isClockTime(value: string): boolean {
  return clockPattern.test(value);
}

// hourCycle h23: without it some engines write midnight as "24".
const swedishWallClock = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function wallClockParts(at: Date): { date: IsoDate; time: string } {
  const parts = swedishWallClock.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${part("year")}-${part("month")}-${part("day")}`, time: `${part("hour")}:${part("minute")}` };
}

/** The time of day ("HH:MM", 24-hour clock) an instant shows on a clock in Sweden (Europe/Stockholm), seconds dropped. */
export function swedishClock(at: Date): string {
  return wallClockParts(at).time;
}

/**
 * The instant (UTC) at which clocks in Sweden (Europe/Stockholm) show `time` ("HH:MM", 24-hour) on
 * the Swedish date `date`. A meeting at 09:00 stays at 09:00 Swedish time across a clock change.
 * On the night the clocks go back (last Sunday of October, 02:00–02:59 happens twice) the first
 * occurrence, still summer time, is meant.
 *
 * @throws DomainError `meetings.time_in_clock_change` when the time does not exist that day
 *   (02:00–02:59 on the last Sunday of March, when the clocks go forward).
 * @throws Error when `date` is not a real YYYY-MM-DD date or `time` not "HH:MM" (callers validate first).
 */
export function swedishInstant(date: IsoDate, time: string): Date {
  const clock = clockPattern.exec(time);
  if (!clock) throw new Error(`Not a time of day (HH:MM): "${time}"`);
  if (!isIsoDate(date)) throw new Error(`Not a date (YYYY-MM-DD): "${date}"`);
  const asIfUtc = fromIso(date).getTime() + (Number(clock[1]) * 60 + Number(clock[2])) * 60_000;
  // The offsets in force a day either side cover any clock change that night; the larger offset
  // gives the earlier instant, so an hour that happens twice resolves to its first occurrence.
  const offsets = [...new Set([stockholmOffsetMs(new Date(asIfUtc - 86_400_000)), stockholmOffsetMs(new Date(asIfUtc + 86_400_000))])];
  const candidates = offsets.map((offset) => new Date(asIfUtc - offset)).sort((a, b) => a.getTime() - b.getTime());
  const found = candidates.find((instant) => {
    const shown = wallClockParts(instant);
    return shown.date === date && shown.time === time;
  });
  if (!found) throw new DomainError("meetings.time_in_clock_change");
  return found;
}

/**
 * The last instant of a Swedish day (23:59:59.999 in Stockholm: 21:59:59.999 UTC in summer time,
 * 22:59:59.999 UTC in winter), i.e. one millisecond before the next Swedish midnight. A date typed
 * as "valid until YYYY-MM-DD" ends here, inclusive; `swedishToday` of it gives the typed date back.
 */
export function swedishEndOfDay(iso: IsoDate): Date {
  return new Date(swedishMidnight(addDays(iso, 1)).getTime() - 1);
}

/**
 * The same day `months` calendar months later (or earlier), or the last day of that month when it
 * is shorter (31 August + 6 months = 28 or 29 February).
 */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return toIsoDate(new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))));
}

/**
 * A period of whole Swedish days, as typed in a filter form ("YYYY-MM-DD", both inclusive, either
 * may be empty): from midnight in Sweden on `from` to midnight after `to` (exclusive). A value
 * that is not a real date is ignored.
 */
export function swedishDays(from: string | null | undefined, to: string | null | undefined): { from?: Date; to?: Date } {
  const real = (value: string | null | undefined) => (value && isIsoDate(value) ? value : undefined);
  const first = real(from);
  const last = real(to);
  return { from: first ? swedishMidnight(first) : undefined, to: last ? swedishMidnight(addDays(last, 1)) : undefined };
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(fromIso(value).getTime()) && toIsoDate(fromIso(value)) === value;
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Swedish public holidays and the eves that are not working days (midsummer, Christmas, New Year). */
export function swedishHolidays(year: number): Set<IsoDate> {
  const easterSunday = easter(year);
  const midsummerEve = [19, 20, 21, 22, 23, 24, 25].map((day) => `${year}-06-${day}`).find((iso) => fromIso(iso).getUTCDay() === 5)!;
  return new Set([
    `${year}-01-01`,
    `${year}-01-06`,
    addDays(easterSunday, -2),
    addDays(easterSunday, 1),
    `${year}-05-01`,
    addDays(easterSunday, 39),
    `${year}-06-06`,
    midsummerEve,
    `${year}-12-24`,
    `${year}-12-25`,
    `${year}-12-26`,
    `${year}-12-31`,
  ]);
}

export function isWorkingDay(iso: IsoDate): boolean {
  const weekday = fromIso(iso).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !swedishHolidays(Number(iso.slice(0, 4))).has(iso);
}

/** The working day `count` working days before `iso`. */
export function workingDaysBefore(iso: IsoDate, count: number): IsoDate {
  let day = iso;
  let left = count;
  while (left > 0) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** The Monday of the ISO week containing `iso`. */
export function weekStart(iso: IsoDate): IsoDate {
  const weekday = (fromIso(iso).getUTCDay() + 6) % 7;
  return addDays(iso, -weekday);
}

/** ISO week number (1–53). */
export function isoWeek(iso: IsoDate): number {
  const date = fromIso(iso);
  const thursday = addDays(iso, 3 - ((date.getUTCDay() + 6) % 7));
  const firstThursday = fromIso(`${thursday.slice(0, 4)}-01-04`);
  const start = addDays(toIsoDate(firstThursday), 3 - ((firstThursday.getUTCDay() + 6) % 7));
  return 1 + Math.round((fromIso(thursday).getTime() - fromIso(start).getTime()) / (7 * 86_400_000));
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((fromIso(to).getTime() - fromIso(from).getTime()) / 86_400_000);
}
