/**
 * The one UUID check (RFC 9562 textual form, any version): ids in URLs and forms are checked
 * with it before they reach a query, so a malformed id is "not found", never a database error.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && uuidPattern.test(value);
