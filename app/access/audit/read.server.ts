import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~/lib/db.server";
import type { EventText } from "./digest";

/**
 * Reading the audit trail as text for its digests (ADR 0014), shared by the sealer and the
 * verifier so that both see an event identically. Every column is converted by a built-in cast or
 * `pg_catalog.to_char` — no user-defined function, nothing that depends on the session's TimeZone
 * or DateStyle — so PostgreSQL 15 and PGlite give the same text. Names are schema-qualified, so the
 * verifier can run with `search_path = pg_catalog` and ignore look-alike functions an intruder
 * might put in `public`.
 */

/** A timestamptz as UTC text with microseconds, `2026-03-05T10:34:56.789012Z`, whatever the session's settings. */
export const utcText = (value: SQL) => sql`pg_catalog.to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The rows of a raw statement on a database or transaction: postgres.js returns an array, PGlite `{ rows }`. */
export async function rowsIn<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await q.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Up to `limit` events with afterId < id (≤ untilId when given), in id order, as text (keyset
 * pagination: pass the last id read as the next afterId).
 */
export function readEventTexts(q: Queryable, range: { afterId: number; untilId?: number; limit: number }): Promise<EventText[]> {
  // Open-ended when there is no upper bound: before ANALYZE has seen a bulk load, PostgreSQL
  // estimates a two-sided range as small and sorts all of it instead of walking the index.
  const until = range.untilId === undefined ? sql`` : sql`and e.id <= ${range.untilId}::bigint`;
  return rowsIn<EventText>(
    q,
    sql`select e.id::text as id, ${utcText(sql`e.occurred_at`)} as occurred_at,
          e.actor_type::text as actor_type, e.actor_user_id::text as actor_user_id,
          e.actor_client_id::text as actor_client_id, e.organization_id::text as organization_id,
          e.unit_id::text as unit_id, e.role::text as role, e.action::text as action,
          e.outcome::text as outcome, e.reason::text as reason, e.client_id::text as client_id,
          e.case_id::text as case_id, e.resource_type::text as resource_type,
          e.resource_id::text as resource_id, e.category::text as category, e.basis::text as basis,
          e.request_id::text as request_id, e.details::text as details, e.reads::text as reads
        from public.audit_events e
        where e.id > ${range.afterId}::bigint ${until}
        order by e.id
        limit ${range.limit}::integer`,
  );
}
