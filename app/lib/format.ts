/**
 * The one date formatter: Swedish time (Europe/Stockholm), in the page's language. The
 * Intl formatters are made once per language and kind: building one costs far more than using it.
 * An instant (Date or ISO timestamp, UTC) is shown as the date and time it is in Sweden; a plain
 * calendar date ("YYYY-MM-DD": plan dates, desired-by dates) is shown as that same date.
 */
import { isIsoDate, swedishMidnight } from "./calendar";

const zone = "Europe/Stockholm";
const localeOf = (language: string) => (language === "en" ? "en-GB" : "sv-SE");
const formatters = new Map<string, Intl.DateTimeFormat>();

type Kind = "time" | "dateTime" | "date" | "longDate" | "month";
const styles: Record<Kind, Intl.DateTimeFormatOptions> = {
  time: { hour: "2-digit", minute: "2-digit" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  date: { dateStyle: "medium" },
  longDate: { dateStyle: "long" },
  month: { month: "short", year: "2-digit" },
};

function formatter(language: string, kind: Kind): Intl.DateTimeFormat {
  const key = `${localeOf(language)}|${kind}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(localeOf(language), { ...styles[kind], timeZone: zone });
    formatters.set(key, made);
  }
  return made;
}

// A calendar date is the day that begins at its Swedish midnight, so it is shown as itself.
const instant = (value: string | Date) => (typeof value === "string" && isIsoDate(value) ? swedishMidnight(value) : new Date(value));

export function formatTime(value: string | Date, language: string): string {
  return formatter(language, "time").format(instant(value));
}

export function formatDateTime(value: string | Date, language: string): string {
  return formatter(language, "dateTime").format(instant(value));
}

/**
 * The date in Sweden: "30 juni 2027" / "30 Jun 2027"; `long` spells the month out in both
 * languages ("30 June 2027"), for dates in running text such as a consent's last day.
 */
export function formatDate(value: string | Date, language: string, style: "medium" | "long" = "medium"): string {
  return formatter(language, style === "long" ? "longDate" : "date").format(instant(value));
}

/** Month and two-digit year ("jan. 27" / "Jan 27") of a calendar date or instant, in Sweden: a timeline's ticks. */
export function formatMonth(value: string | Date, language: string): string {
  return formatter(language, "month").format(instant(value));
}
