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
