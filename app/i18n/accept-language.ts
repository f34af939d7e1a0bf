import Negotiator from "negotiator";

/**
 * The first of `supported` (primary language subtags such as "sv", "en") in the browser's ranked
 * Accept-Language list (RFC 9110 §12.5.4), or null when the header is absent or names none we
 * support. remix-i18next 6 cannot do this itself: its header detection keeps only the browser's top
 * language ("de-DE" for "de-DE,de;q=0.9,en;q=0.8") and falls back when we lack it. The ranking is
 * `negotiator`'s (the library Express and Koa negotiate with, ADR 0019):
 * - ranges count by weight, highest first; equal weights keep the order written;
 * - "en-GB" and "en-US" ask for our "en" (a range matches a supported language by its prefix);
 * - q=0 means "not acceptable", and "*" stands for any language, in the order of `supported`.
 * Server and client alike; used by i18next.server.ts as remix-i18next's custom detector.
 */
export function preferredLanguage<T extends string>(header: string | null | undefined, supported: readonly T[]): T | null {
  if (!header) return null;
  const chosen = new Negotiator({ headers: { "accept-language": header } }).language([...supported]);
  return (chosen as T | undefined) ?? null;
}
