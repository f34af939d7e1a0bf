import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "../../db/schema";
import { getEnv, type DatabasePool } from "./env.server";

/**
 * The one place a database client is created: postgres.js against PostgreSQL when
 * DATABASE_URL is set, otherwise PGlite (Postgres in WASM) in the data folder.
 * Both run the same schema and the same migrations.
 */
export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything a query can run on: the database itself or an open transaction. */
export type Queryable = Database | Transaction;

/** Where a database lives; a PostgreSQL URL may carry the app's pool settings (default: 10 connections, no timeouts). */
export type DatabaseTarget = { url: string; pool?: DatabasePool } | { dataDir: string } | { memory: true };

export interface DatabaseHandle {
  db: Database;
  driver: "postgres" | "pglite";
  /** Runs a raw statement and returns its rows, hiding the drivers' different result shapes. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Plain SQL text with positional parameters, for libraries that bring their own SQL (pg-boss). */
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  migrate(): Promise<void>;
  /**
   * Runs `work` while this process holds the cluster's startup lock, so that any number of
   * instances starting at once migrate, write the reference data and seed one after the other
   * (issue 14: two instances on a new database raced in `CREATE TYPE`). On PostgreSQL a session
   * advisory lock (`startupLockKey`) on one reserved connection, released when `work` ends or
   * throws; `work` itself uses the pool. On PGlite, one process per folder, it simply runs.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Whether the database answers `select 1` within `timeoutMs`, on a connection of its own (on
   * PostgreSQL a one-connection client opened for the probe, so that a full pool cannot make a
   * healthy instance look dead to a load balancer).
   */
  probe(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Resolves `work`'s answer, or false once `timeoutMs` has passed (or when it fails). */
async function within(work: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([work.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Seconds postgres.js waits before it reconnects after `retries` failed connections in a row
 * (counted for the whole pool): 50 ms, doubling, at most 1 s. Its own default grows to 20 s (3^n /
 * 100), so a few failed connections while PostgreSQL restarted kept an instance away from the
 * database for up to 20 s after it was back; issue 14 asks for 5 s.
 */
export const reconnectBackoff = (retries: number): number => Math.min(0.05 * 2 ** retries, 1);

/** The advisory lock key of the startup lock (`DatabaseHandle.exclusively`): any fixed 64-bit number no other code uses. */
export const startupLockKey = 7_240_531_001;

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

/**
 * PGlite's PostgreSQL start options, with 16 MB of shared buffers instead of the 128 MB its data
 * folder's postgresql.conf asks for. PGlite zeroes its shared buffers in WebAssembly memory when
 * it starts: 128 MB took about 0.5 s of every embedded start (and every test file's in-memory
 * database) on this project's 2-core machines, and stayed allocated. The embedded database is for
 * trying Samsyn and for tests (ADR 0002); its data files are read through the operating system's
 * cache anyway.
 */
export const pgliteStartParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

/**
 * The PostgreSQL settings each pool connection starts with: the pool's timeouts (ms; 0 = none),
 * no JIT and no parallel workers (ADR 0030: Samsyn's statements read a page's rows through indexes,
 * so a plan priced for JIT or for workers means a wrong estimate, and compiling or starting the
 * workers then cost 80–250 ms on a statement that runs in 2–3 ms alone). All as strings:
 * postgres.js leaves out of the startup message every parameter whose value is falsy, so a number
 * 0 ("no timeout") would have left the database's own default in force.
 */
function startupSettings(pool: DatabasePool): Record<string, string> {
  return {
    statement_timeout: String(pool.statementTimeoutMs),
    idle_in_transaction_session_timeout: String(pool.idleInTransactionTimeoutMs),
    jit: "off",
    max_parallel_workers_per_gather: "0",
  };
}

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if ("url" in target) {
    // The idle timeout lets a stopping process exit instead of waiting on pooled sockets.
    const pool = target.pool ?? { size: 10, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 };
    const client = postgres(target.url, {
      max: pool.size,
      idle_timeout: 20,
      connect_timeout: 10,
      backoff: reconnectBackoff,
      onnotice: () => {},
      // Every query a named prepared statement (drizzle asks for it: patches/, ADR 0025), unless off.
      prepare: pool.prepare ?? true,
      connection: startupSettings(pool),
    });
    let prober: ReturnType<typeof postgres> | undefined;
    const db = drizzlePostgres(client, { schema, casing: "snake_case" });
    return {
      db: db as unknown as Database,
      driver: "postgres",
      rows: async (query) => (await db.execute(query)) as never,
      query: async (text, values = []) => {
        if (values.length > 0) {
          // As node-postgres does: undefined travels as NULL and plain objects as JSON.
          const params = values.map((value) => {
            if (value === undefined) return null;
            const plainObject = value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
            return plainObject ? JSON.stringify(value) : value;
          });
          return { rows: [...(await client.unsafe(text, params as never[]))] as Record<string, unknown>[] };
        }
        // Statement batches may hold their own BEGIN/COMMIT: run them on one reserved connection.
        const reserved = await client.reserve();
        try {
          return { rows: [...(await reserved.unsafe(text))] as Record<string, unknown>[] };
        } finally {
          reserved.release();
        }
      },
      migrate: () => migratePostgres(db, { migrationsFolder }),
      exclusively: async (work) => {
        const reserved = await client.reserve();
        try {
          await reserved`select pg_advisory_lock(${startupLockKey})`;
          try {
            return await work();
          } finally {
            await reserved`select pg_advisory_unlock(${startupLockKey})`;
          }
        } finally {
          reserved.release();
        }
      },
      probe: (timeoutMs) => {
        // One connection for the probe alone, opened on first use and kept.
        prober ??= postgres(target.url, { max: 1, idle_timeout: 60, connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)), backoff: reconnectBackoff, onnotice: () => {} });
        return within(prober`select 1 as ok`.then((rows) => rows.length === 1), timeoutMs);
      },
      close: async () => {
        await prober?.end({ timeout: 1 });
        await client.end({ timeout: 5 });
      },
    };
  }
  let client: PGlite;
  if ("dataDir" in target) {
    mkdirSync(target.dataDir, { recursive: true });
    client = new PGlite(target.dataDir, { startParams: pgliteStartParams });
  } else {
    client = new PGlite({ startParams: pgliteStartParams });
  }
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  return {
    db: db as unknown as Database,
    driver: "pglite",
    rows: async (query) => (await db.execute(query)).rows as never,
    // PGlite runs several statements only through exec(), and parameters only through query().
    query: async (text, values = []) =>
      values.length > 0
        ? ((await client.query(text, values)) as { rows: Record<string, unknown>[] })
        : { rows: ((await client.exec(text)).at(-1)?.rows ?? []) as Record<string, unknown>[] },
    migrate: () => migratePglite(db, { migrationsFolder }),
    exclusively: (work) => work(),
    probe: (timeoutMs) => within(client.query("select 1 as ok").then((result) => result.rows.length === 1), timeoutMs),
    close: () => client.close(),
  };
}

/**
 * The driver's connection or transaction that drizzle runs `q`'s queries on: postgres.js's `sql`
 * (or its transaction), or PGlite (or its transaction). drizzle keeps it as its session's `client`
 * and has no public way to reach it (ADR 0026); tests/integration/statement.test.ts fails if an
 * update moves it.
 */
export function driverClientOf(q: Queryable): postgres.Sql | { query(text: string, params: unknown[]): Promise<unknown> } {
  return (q as unknown as { session: { client: postgres.Sql | { query(text: string, params: unknown[]): Promise<unknown> } } }).session.client;
}

/**
 * Runs one statement of SQL text with its parameters ($1, $2 …) on the connection or transaction
 * `q`, bypassing the query builder: for the audit trail's own hot statement, whose text is fixed.
 * On postgres.js the statement is handed to the connection before this returns (`queued`): a
 * statement issued after it on the same transaction, such as its COMMIT, goes out without waiting
 * for this one's answer. On PGlite it is queued when `answer` is first awaited. Parameters go to
 * the driver as given (a jsonb value as its JSON text). `answer` rejects with the database's error.
 */
export function sendStatement(q: Queryable, text: string, params: unknown[]): { answer: Promise<unknown>; queued: boolean } {
  const client = driverClientOf(q);
  if ("unsafe" in client) {
    // A postgres.js query starts when it is executed (or awaited): execute() puts it on the connection now.
    const query = client.unsafe(text, params as never[], { prepare: true });
    query.execute();
    return { answer: query, queued: true };
  }
  return { answer: client.query(text, params), queued: false };
}

/**
 * The migrations the database has not applied yet, by tag: those newer than the last applied
 * one, as drizzle's migrator decides. Needs only SELECT, so a restricted role can ask.
 */
export async function pendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  const [table] = await handle.rows<{ name: string | null }>(sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`);
  if (!table?.name) return journal.entries.map((entry) => entry.tag);
  const [last] = await handle.rows<{ at: string | null }>(sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`);
  const applied = Number(last?.at ?? 0);
  return journal.entries.filter((entry) => entry.when > applied).map((entry) => entry.tag);
}

/** Where the app's database lives, from the environment. */
export function appDatabaseTarget(): DatabaseTarget {
  const env = getEnv();
  return env.databaseUrl ? { url: env.databaseUrl, pool: env.databasePool } : { dataDir: path.join(env.dataDir, "pglite") };
}

// Kept on globalThis so that the server entry and the Remix build, which each carry
// a copy of this module, share one client (and PGlite's folder is opened only once).
const globalStore = globalThis as typeof globalThis & { __samsynDatabase?: DatabaseHandle };

/** The process's database, opened on first use. */
export function getDatabase(): DatabaseHandle {
  globalStore.__samsynDatabase ??= openDatabase(appDatabaseTarget());
  return globalStore.__samsynDatabase;
}

/** Makes `handle` the process's database (tests install their own per file). */
export function useDatabase(handle: DatabaseHandle | undefined): void {
  globalStore.__samsynDatabase = handle;
}

export const db = (): Database => getDatabase().db;
