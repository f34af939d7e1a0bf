import { sql, type SQL } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Queryable } from "./db.server";

/** The PostgreSQL schema of pg-boss's tables (`pgboss.job`, `pgboss.queue`, …). */
export const jobQueueSchema = "pgboss";

/**
 * pg-boss's `db` (`executeSql(text, values)`) over a drizzle database or open transaction, so that a
 * job is written on the caller's connection and commits or rolls back with the caller's work.
 * The `$1…$n` placeholders of pg-boss's statements become drizzle parameters (one per occurrence;
 * a placeholder may repeat), bound as node-postgres binds them: undefined as NULL, plain objects
 * as JSON. Meant for pg-boss's parameterised single statements (send, insert); its text holds no
 * `$n` inside quoted literals.
 */
export function executeSqlOn(q: Queryable): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      for (const [index, part] of parts.entries()) {
        if (index % 2 === 0) chunks.push(sql.raw(part));
        else chunks.push(sql`${sql.param(bindable(values[Number(part) - 1]))}`);
      }
      const result = (await q.execute(sql.join(chunks))) as unknown;
      // postgres.js answers with the rows themselves, PGlite with { rows }.
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      return { rows: [...rows] as Record<string, unknown>[] };
    },
  };
}

function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  const plainObject = value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
  return plainObject ? JSON.stringify(value) : value;
}

/**
 * A pg-boss instance that is never started and has no connection of its own: it only turns
 * `send` into pg-boss's own INSERT, run on the `db` each call passes. pg-boss's `send` needs no
 * started instance (it is one statement), so services can queue jobs in their transaction in any
 * process, workers running or not.
 */
const sender = new PgBoss({
  schema: jobQueueSchema,
  db: {
    executeSql: () => Promise.reject(new Error("Jobs are queued only through sendJobIn(), on the caller's transaction")),
  },
});

/**
 * Queues a job on `queue` with `data` inside `q` (the caller's transaction): the job exists only
 * if that transaction commits. Options are pg-boss's send options (startAfter, singletonKey,
 * retries — the queue's own settings apply where none are given). Resolves to the job's id, or
 * null when pg-boss queued nothing: the queue does not exist (installJobQueue / startJobs create
 * it), or a singleton job with the same key is already waiting. Rejects with the database's error
 * (e.g. the pgboss schema is missing); on PostgreSQL that error aborts the caller's transaction,
 * so callers that must survive it run this in a savepoint (`q.transaction(...)`).
 */
export async function sendJobIn(q: Queryable, queue: string, data: object, options: Omit<PgBoss.SendOptions, "db"> = {}): Promise<string | null> {
  return sender.send(queue, data, { ...options, db: executeSqlOn(q) });
}
