/**
 * The one date formatter: Swedish time (Europe/Stockholm), in the page's language. The
 * Intl formatters are made once per language and kind: building one costs far more than using it.
 */
const zone = "Europe/Stockholm";
const localeOf = (language: string) => (language === "en" ? "en-GB" : "sv-SE");
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, kind: "time" | "dateTime" | "date"): Intl.DateTimeFormat {
  const key = `${localeOf(language)}|${kind}`;
  let made = formatters.get(key);
  if (!made) {
    const options: Intl.DateTimeFormatOptions =
      kind === "time" ? { hour: "2-digit", minute: "2-digit" } : kind === "dateTime" ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
    made = new Intl.DateTimeFormat(localeOf(language), { ...options, timeZone: zone });
    formatters.set(key, made);
  }
  return made;
}

export function formatTime(value: string | Date, language: string): string {
  return formatter(language, "time").format(new Date(value));
}

export function formatDateTime(value: string | Date, language: string): string {
  return formatter(language, "dateTime").format(new Date(value));
}

export function formatDate(value: string | Date, language: string): string {
  return formatter(language, "date").format(new Date(value));
}
