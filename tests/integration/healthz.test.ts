import { sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, useDatabase } from "~/lib/db.server";
import { loader } from "~/routes/healthz";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

describe("GET /healthz", () => {
  it("answers 200 with the database ok", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    const broken = process.env.DATABASE_URL
      ? openDatabase({ url: "postgres://samsyn@127.0.0.1:9/nowhere" })
      : openDatabase({ memory: true });
    if (!process.env.DATABASE_URL) await broken.close();
    useDatabase(broken);
    try {
      const response = await loader();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", db: "unavailable" });
    } finally {
      useDatabase(database.current());
      await broken.close().catch(() => {});
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("answers 200 at once while every connection of the pool is busy (it has a connection of its own)", async () => {
    // A pool of two, both held by slow statements: a probe through the pool would wait for them.
    const url = database.url()!;
    const small = openDatabase({ url, pool: { size: 2, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 } });
    useDatabase(small);
    const busy = [small.rows(sql`select pg_sleep(4)`), small.rows(sql`select pg_sleep(4)`)];
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      const response = await loader();
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await Promise.all(busy);
      useDatabase(database.current());
      await small.close();
    }
  }, 20_000);

  it.runIf(Boolean(process.env.DATABASE_URL))("sets each connection's statement and idle-in-transaction timeouts from the pool settings", async () => {
    const configured = openDatabase({ url: database.url()!, pool: { size: 1, statementTimeoutMs: 1_500, idleInTransactionTimeoutMs: 30_000 } });
    try {
      const [row] = await configured.rows<{ statement: string; idle: string }>(sql`select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle`);
      expect(row).toEqual({ statement: "1500ms", idle: "30s" });
      await expect(configured.rows(sql`select pg_sleep(3)`)).rejects.toThrow();
    } finally {
      await configured.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("sends a timeout of 0 as 0, not as the database's own default", async () => {
    const name = new URL(database.url()!).pathname.slice(1);
    await database.current().rows(sql.raw(`alter database ${name} set statement_timeout = '7s'`));
    const configured = openDatabase({ url: database.url()!, pool: { size: 1, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 } });
    try {
      const [row] = await configured.rows<{ statement: string; idle: string }>(sql`select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle`);
      expect(row).toEqual({ statement: "0", idle: "0" });
    } finally {
      await configured.close();
      await database.current().rows(sql.raw(`alter database ${name} reset statement_timeout`));
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("plans no statement with JIT or parallel workers, however it is priced (ADR 0030)", async () => {
    // A stale estimate made the access log's organisations filter spend 150–250 ms compiling, then 80–95 ms starting workers (bench runs Z, Z2).
    const pool = openDatabase({ url: database.url()! });
    const planOf = async (statement: SQL) => (await pool.rows<{ "QUERY PLAN": string }>(statement)).map((line) => line["QUERY PLAN"]).join("\n");
    try {
      const [row] = await pool.rows<{ jit: string; workers: string }>(sql`select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers`);
      expect(row).toEqual({ jit: "off", workers: "0" });
      const expensive = await planOf(sql`explain select count(*) from generate_series(1, 10000000) a(i), generate_series(1, 1000) b(j) where a.i > b.j`);
      expect(expensive).toMatch(/Nested Loop/);
      expect(expensive).not.toMatch(/JIT/);
      // Workers made free, as a database tuned for reports might have them: still none for the app.
      const scan = await pool.db.transaction(async (tx) => {
        await tx.execute(sql`set local parallel_setup_cost = 0; set local parallel_tuple_cost = 0; set local min_parallel_table_scan_size = 0`);
        return (await tx.execute(sql`explain select count(*) from users where name like '%a%'`)) as unknown as { "QUERY PLAN": string }[];
      });
      expect(scan.map((line) => line["QUERY PLAN"]).join("\n")).not.toMatch(/Gather|Parallel/);
    } finally {
      await pool.close();
    }
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("prepares each query once per connection, unless the pool says not to (ADR 0025)", async () => {
    // drizzle's postgres.js adapter asked for unnamed statements (patches/drizzle-orm+*.patch): two round trips and a new plan each time.
    const { users } = await import("../../db/schema");
    const { eq } = await import("drizzle-orm");
    for (const prepare of [true, false]) {
      const pool = openDatabase({ url: database.url()!, pool: { size: 1, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0, prepare } });
      try {
        for (const id of ["demo-sara", "demo-erik", "demo-sara"]) await pool.db.select({ id: users.id }).from(users).where(eq(users.id, id));
        await pool.db.transaction(async (tx) => tx.select({ id: users.id }).from(users).where(eq(users.id, "demo-erik")));
        const [row] = await pool.rows<{ n: number }>(sql`select count(*)::int as n from pg_prepared_statements where statement like ${"%from \"users\" where \"users\".\"id\" = $1%"}`);
        expect(row!.n, `prepare: ${prepare}`).toBe(prepare ? 1 : 0);
      } finally {
        await pool.close();
      }
    }
  });
});
