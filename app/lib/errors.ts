/**
 * A failure the user can act on, named by a code that is also an i18n key under
 * `errors.codes` (e.g. "admin.email_taken"). Routes turn it into a status and a message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const notFound = () => new DomainError("not_found", 404);

/** The code of the 503 "try again" answer while the database cannot be reached. */
export const unavailableCode = "service.unavailable";

// Node's socket errors, postgres.js's connection errors, and SQLSTATEs that mean "no server
// to talk to" (class 08 connection exception, 57P01–57P03 shutdown or starting, 53300 too many
// connections). Anything else from the database is a bug or bad input, not an outage.
const outageCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/**
 * True when `error` (or what it wraps: drizzle's `cause`, an AggregateError's `errors`) says the
 * database cannot be reached — refused, closed, timed out, shutting down, or an embedded PGlite
 * that has been closed — rather than that a query was wrong.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (outageCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (message === "PGlite is closed") return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
