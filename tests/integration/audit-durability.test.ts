import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { undurableCommits } from "~/access/audit/durability.server";
import { openDatabase, type DatabaseHandle } from "~/lib/db.server";
import { useTestDatabase } from "../support/database";

/**
 * A look is shown once its audit event has committed (ADR 0029): that holds only if a commit
 * answers after its WAL is on disk, so Samsyn refuses to run on connections where
 * `synchronous_commit` is off.
 */
const database = useTestDatabase();
const refusal = /^Samsyn cannot start: synchronous_commit is off for its database connections, so a crash could lose the audit records of pages already shown\./;

/** The test database as seen through connections whose commits do not wait for the flush. */
async function withCommitsNotWaiting<T>(work: (handle: DatabaseHandle, url?: string) => Promise<T>): Promise<T> {
  const url = database.url();
  if (!url) {
    // PGlite: one connection, so a session setting is the connection's setting.
    await database.current().rows(sql`set synchronous_commit = off`);
    try {
      return await work(database.current());
    } finally {
      await database.current().rows(sql`reset synchronous_commit`);
    }
  }
  // PostgreSQL: a startup parameter in the URL sets it on every connection of the pool.
  const offUrl = new URL(url);
  offUrl.searchParams.set("synchronous_commit", "off");
  const handle = openDatabase({ url: offUrl.toString() });
  try {
    return await work(handle, offUrl.toString());
  } finally {
    await handle.close();
  }
}

describe("the commits a look waits for", () => {
  it("are durable on a database left at PostgreSQL's default", async () => {
    expect(await undurableCommits(database.current())).toBeNull();
  });

  it("are refused with one line when synchronous_commit is off, and `local` is accepted", async () => {
    await withCommitsNotWaiting(async (handle) => {
      expect(await undurableCommits(handle)).toMatch(refusal);
    });
    expect(await undurableCommits({ rows: async () => [{ setting: "local" }] as never[] })).toBeNull();
  });
});

describe.runIf(process.env.DATABASE_URL)("a server whose database connections commit without waiting", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "samsyn-durability-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses to start with one line", { timeout: 90_000 }, async () => {
    await withCommitsNotWaiting(async (_handle, url) => {
      const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
        env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, SAMSYN_DATA_DIR: dataDir, DATABASE_URL: url, PORT: "3978", SAMSYN_MAIL_CATCHER_PORT: "2978" } as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(refusal);
    });
  });
});
