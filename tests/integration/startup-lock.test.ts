import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/lib/db.server";
import { useTestDatabase } from "../support/database";

/**
 * Several instances starting at once (issue 14): the startup lock lets one migrate, write the
 * reference data and seed while the others wait, so two instances on a new database no longer race
 * in `CREATE TYPE`. On PostgreSQL it is a session advisory lock held on one reserved connection; on
 * PGlite (one process per folder) the work simply runs.
 */
const database = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);

describe("the startup lock", () => {
  it("runs the work and gives back what it returns, and lets go when it throws", async () => {
    expect(await database.current().exclusively(async () => 42)).toBe(42);
    await expect(database.current().exclusively(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await database.current().exclusively(async () => "again")).toBe("again");
  });

  describe.runIf(onPostgres)("on PostgreSQL, between instances", () => {
    let name = "";
    let admin: DatabaseHandle;
    const instances: DatabaseHandle[] = [];

    beforeAll(async () => {
      admin = openDatabase({ url: process.env.DATABASE_URL! });
      name = `samsyn_start_${randomBytes(5).toString("hex")}`;
      await admin.rows(sql.raw(`create database ${name}`));
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      for (let i = 0; i < 3; i++) instances.push(openDatabase({ url: url.toString() }));
    });

    afterAll(async () => {
      for (const instance of instances) await instance.close();
      await admin.rows(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    });

    it("holds one instance's work until the other's is done", async () => {
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = instances[0]!.exclusively(async () => {
        order.push("first in");
        entered();
        await held;
        order.push("first out");
      });
      await inside;
      const second = instances[1]!.exclusively(async () => order.push("second in"));
      // The second waits on the lock while the first holds it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(order).toEqual(["first in"]);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(["first in", "first out", "second in"]);
    });

    it("lets three instances migrate a new database at once", async () => {
      await Promise.all(instances.map((instance) => instance.exclusively(() => instance.migrate())));
      const [applied] = await instances[0]!.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const [types] = await instances[0]!.rows<{ n: number }>(sql`select count(*)::int as n from pg_type where typname = 'language'`);
      expect(applied!.n).toBeGreaterThan(10);
      expect(types!.n).toBe(1);
    });
  });
});
