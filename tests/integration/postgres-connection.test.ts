import { once } from "node:events";
import net from "node:net";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/lib/db.server";

/**
 * A connection that PostgreSQL closes while it is still starting must not end the process. Each
 * new postgres.js connection first asks for the server's array types (`fetch_types`); the driver
 * dropped that query's promise, so a connection closed during it (PostgreSQL restarting, as in the
 * multi-instance test) raised an unhandled rejection and Node ended the instance
 * (porsager/postgres#1192, #1205, #1223; patched in `patches/postgres+3.4.9.patch`, ADR 0023). A
 * reserved connection must not hang on it either. A proxy in front of the real server ends a pool's
 * first connection at that moment, or never answers it; the next ones pass.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * How the proxy ends the first connection: "cut" and "terminate" when it sees the array-type query,
 * "silent" by never answering it at all.
 */
type Ending = "cut" | "terminate" | "silent";

/** The driver's array-type query (postgres.js `fetchArrayTypes`), as it goes over the wire. */
const arrayTypeQuery = "typcategory = 'A'";

describe.runIf(onPostgres)("a connection PostgreSQL closes while it starts", () => {
  const target = new URL(process.env.DATABASE_URL ?? "postgres://127.0.0.1:5432/postgres");
  let admin: DatabaseHandle;
  let proxy: net.Server;
  let ending: Ending | undefined;
  let ended = 0;
  const handles: DatabaseHandle[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);

  beforeAll(async () => {
    admin = openDatabase({ url: target.toString() });
    proxy = net.createServer((client) => {
      if (ending === "silent") {
        ending = undefined;
        ended += 1;
        return void client.on("error", () => {});
      }
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
      upstream.on("data", (chunk) => client.write(chunk));
      client.on("data", (chunk) => {
        if (ending && chunk.toString("latin1").includes(arrayTypeQuery)) {
          const how = ending;
          ending = undefined;
          ended += 1;
          // "cut": the socket closes with no word from the server. "terminate": the server itself
          // ends the backend (57P01, as on a fast shutdown) while the query waits in the proxy.
          if (how === "cut") return close();
          return void admin.rows(sql`select pg_terminate_backend(pid) from pg_stat_activity where client_port = ${upstream.localPort}`);
        }
        upstream.write(chunk);
      });
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    process.on("unhandledRejection", onUnhandled);
  });

  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
  });

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    proxy.close();
    await admin.close();
  });

  /** The proxy's address in place of the server's, its first connection to end as `how` says. */
  function proxied(how: Ending): string {
    ending = how;
    ended = 0;
    unhandled.length = 0;
    const url = new URL(target);
    url.hostname = "127.0.0.1";
    url.port = String((proxy.address() as net.AddressInfo).port);
    return url.toString();
  }

  /** A database handle through the proxy, its first connection ended as `how` says. */
  function throughProxy(how: Ending): DatabaseHandle {
    const handle = openDatabase({ url: proxied(how) });
    handles.push(handle);
    return handle;
  }

  /** Lets a rejection nobody handled reach the process's listeners. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it.each<Ending>(["cut", "terminate"])("on a reserved connection (%s): the work runs on the next connection and nothing is left unhandled", async (how) => {
    const handle = throughProxy(how);
    expect(await handle.exclusively(async () => 42)).toBe(42);
    await settle();
    expect(ended).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it.each<Ending>(["cut", "terminate"])("on a pooled query (%s): the query answers from the next connection, not with the closed one's error", async (how) => {
    const handle = throughProxy(how);
    expect(await handle.query("select $1::int as n", [7])).toEqual({ rows: [{ n: 7 }] });
    await settle();
    expect(ended).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it("a reserve whose connection timed out leaves the queue, so the pool's one connection serves the next query", async () => {
    // postgres.js directly: the app's handle waits 10 s for a connection, this pool 1 s.
    const pool = postgres(proxied("silent"), { max: 1, connect_timeout: 1, onnotice: () => {} });
    try {
      await expect(pool.reserve()).rejects.toMatchObject({ code: "CONNECT_TIMEOUT" });
      expect(ended).toBe(1);
      expect([...(await pool`select 1 as n`)]).toEqual([{ n: 1 }]);
    } finally {
      await pool.end({ timeout: 1 });
    }
  });
});
