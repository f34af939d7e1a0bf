import { DomainError } from "./errors";

/**
 * The database's refusals that only bad input can cause, as the DomainError the user is shown
 * (docs/architecture.md, "A route": the route frame maps them once, for every route). Keyed by
 * SQLSTATE (PostgreSQL manual, Appendix A "Error codes"); PGlite reports the same codes.
 *
 * - 23503 foreign_key_violation: a chosen id that does not exist (any more) → 400 form.unknown_reference
 * - 23505 unique_violation: the same thing saved twice at once → 409 form.conflict
 * - 22P02 invalid_text_representation (a malformed uuid, number or enum value), 22007/22008
 *   (impossible date or time), 22003 (number out of range), 22001 (text too long for its
 *   column), 22021 (a character the encoding cannot hold, e.g. NUL), 23502/23514 (not null,
 *   check), 54000 (a value too large for an index) → 400 form.invalid_value
 *
 * Everything else (a lost connection, a bug) is not the user's input and stays an error.
 */
const byCode: Record<string, [code: string, status: number]> = {
  "23503": ["form.unknown_reference", 400],
  "23505": ["form.conflict", 409],
  "22P02": ["form.invalid_value", 400],
  "22007": ["form.invalid_value", 400],
  "22008": ["form.invalid_value", 400],
  "22003": ["form.invalid_value", 400],
  "22001": ["form.invalid_value", 400],
  "22021": ["form.invalid_value", 400],
  "23502": ["form.invalid_value", 400],
  "23514": ["form.invalid_value", 400],
  "54000": ["form.invalid_value", 400],
};

/** The SQLSTATE of a database error, through drizzle's wrapping (`cause`), or undefined. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let at: unknown = error, depth = 0; at && typeof at === "object" && depth < 4; at = (at as { cause?: unknown }).cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The DomainError for a database refusal caused by input (see above), or null for anything else. */
export function inputErrorOf(error: unknown): DomainError | null {
  const state = sqlStateOf(error);
  const known = state ? byCode[state] : undefined;
  return known ? new DomainError(known[0], known[1]) : null;
}
