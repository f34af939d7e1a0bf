/**
 * Links that stay in the mailbox a page acts in (`?unit=`, requireOfficerIn): pure and client-safe,
 * shared by the services that build pages and the components that draw their links.
 */

/** What links add to stay in the unit the actor acts in: "unit=<id>", or "" for their own unit (the first they work in). */
export function unitQueryOf(actor: { unitId: string; workUnitIds?: readonly string[] }): string {
  return actor.unitId === (actor.workUnitIds?.[0] ?? actor.unitId) ? "" : `unit=${actor.unitId}`;
}

/** `path` with the unit query added after "?" or "&"; `path` itself when there is none. */
export function withUnit(path: string, unitQuery: string): string {
  return unitQuery ? `${path}${path.includes("?") ? "&" : "?"}${unitQuery}` : path;
}
