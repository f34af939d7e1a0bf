/** The one date formatter: Swedish time, in the page's language. */
const zone = "Europe/Stockholm";
const localeOf = (language: string) => (language === "en" ? "en-GB" : "sv-SE");

export function formatTime(value: string | Date, language: string): string {
  return new Date(value).toLocaleTimeString(localeOf(language), { hour: "2-digit", minute: "2-digit", timeZone: zone });
}

export function formatDateTime(value: string | Date, language: string): string {
  return new Date(value).toLocaleString(localeOf(language), { dateStyle: "medium", timeStyle: "short", timeZone: zone });
}

export function formatDate(value: string | Date, language: string): string {
  return new Date(value).toLocaleDateString(localeOf(language), { dateStyle: "medium", timeZone: zone });
}
