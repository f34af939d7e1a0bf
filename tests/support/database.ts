import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { syncCatalogue } from "../../db/catalogue";
import { syncActivityTypes } from "../../db/activity-types";
import { openDatabase, useDatabase, type DatabaseHandle, type Transaction } from "~/lib/db.server";

/**
 * A real, empty, migrated database for one test file: a new database on the PostgreSQL
 * server in DATABASE_URL when it is set, otherwise an in-memory PGlite. It becomes the
 * process's database for the file and is dropped afterwards.
 */
export function useTestDatabase(): { current: () => DatabaseHandle; url: () => string | undefined } {
  let handle: DatabaseHandle | undefined;
  let databaseUrl: string | undefined;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (url) {
      const name = `samsyn_test_${randomBytes(6).toString("hex")}`;
      const admin = openDatabase({ url });
      await admin.rows(sql.raw(`create database ${name}`));
      const testUrl = new URL(url);
      testUrl.pathname = `/${name}`;
      databaseUrl = testUrl.toString();
      handle = openDatabase({ url: databaseUrl });
      cleanup = async () => {
        await handle?.close();
        await admin.rows(sql.raw(`drop database if exists ${name} with (force)`));
        await admin.close();
      };
    } else {
      handle = openDatabase({ memory: true });
      cleanup = async () => handle?.close();
    }
    await handle.migrate();
    await syncCatalogue(handle.db);
    await syncActivityTypes(handle.db);
    useDatabase(handle);
  });

  afterAll(async () => {
    useDatabase(undefined);
    await cleanup();
  });

  return {
    current: () => {
      if (!handle) throw new Error("The test database is not open yet (use it inside a test or hook)");
      return handle;
    },
    /** The PostgreSQL URL of this file's database (undefined on PGlite), for a second connection. */
    url: () => databaseUrl,
  };
}

/**
 * Runs `hold` in a transaction on a connection of its own to the PostgreSQL database at `url`
 * (what another request would be doing) and keeps that transaction open, its locks held, until
 * the returned `release` is called. Resolves once `hold` has run; throws its error (the
 * connection closed) if it fails.
 */
export async function holdOpen(url: string, hold: (tx: Transaction) => Promise<unknown>): Promise<() => Promise<void>> {
  const other = openDatabase({ url });
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let ready: () => void = () => {};
  const holding = new Promise<void>((resolve) => (ready = resolve));
  const holder = other.db.transaction(async (tx) => {
    await hold(tx);
    ready();
    await held;
  });
  await Promise.race([holding, holder]).catch(async (error: unknown) => {
    await other.close();
    throw error;
  });
  return async () => {
    release();
    await holder;
    await other.close();
  };
}

/** `work`'s value, or null when it has not settled within `ms` milliseconds. */
export async function within<T>(ms: number, work: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
