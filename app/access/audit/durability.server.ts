import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "~/lib/db.server";

/**
 * Whether a commit on the app's connections waits until its WAL is on disk. A look is shown only
 * once its audit event has committed (docs/architecture.md, "One event per look"), so that holds
 * only if the commit is durable when it answers. With PostgreSQL's `synchronous_commit = off` it
 * is not: a crash can lose the last commits, up to three times `wal_writer_delay`, after their pages
 * were shown (PostgreSQL manual, "Asynchronous Commit"; ADR 0029). Every other value (`local`, `on`,
 * `remote_write`, `remote_apply`) flushes the WAL locally before the commit answers.
 *
 * Answers null when durable, else the one line the server prints before refusing to start.
 */
export async function undurableCommits(handle: Pick<DatabaseHandle, "rows">): Promise<string | null> {
  const [row] = await handle.rows<{ setting: string }>(sql`select current_setting('synchronous_commit') as setting`);
  if (row?.setting !== "off") return null;
  return "Samsyn cannot start: synchronous_commit is off for its database connections, so a crash could lose the audit records of pages already shown. Set it to on (or local) for the app's role and database (ADR 0029).";
}
