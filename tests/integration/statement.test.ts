import { asc, eq, gte, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organizations } from "../../db/schema";
import { db } from "~/lib/db.server";
import { anyOf, statement } from "~/lib/statement.server";
import { useTestDatabase } from "../support/database";

/**
 * A statement's SQL is built once and runs on whichever connection or transaction calls it
 * (ADR 0026). If a drizzle update stopped running it on the caller's transaction, the reads in a
 * transaction below would miss the rows it wrote (PostgreSQL) or wait for it forever (PGlite).
 */
useTestDatabase();

const rollback = new Error("roll back");

describe("statement", () => {
  it("builds the query once and runs it on each caller's transaction", async () => {
    let builds = 0;
    const named = statement((q) => {
      builds++;
      return q.select({ name: organizations.name }).from(organizations).where(eq(organizations.name, sql.placeholder("name")));
    });
    // First on the database itself: drizzle's prepared query is then bound to the pool.
    expect(await named(db(), { name: "Kommun A" })).toEqual([]);
    for (const name of ["Kommun A", "Kommun B"]) {
      await expect(
        db().transaction(async (tx) => {
          await tx.insert(organizations).values({ kind: "municipality_social", name });
          expect(await named(tx, { name })).toEqual([{ name }]);
          throw rollback;
        }),
      ).rejects.toBe(rollback);
      // Rolled back: the database itself never had it.
      expect(await named(db(), { name })).toEqual([]);
    }
    expect(builds).toBe(1);
  });

  it("takes a list as one array value, the empty list matching nothing", async () => {
    const rows = await db().insert(organizations).values([{ kind: "municipality_social", name: "Kommun C" }, { kind: "region_health", name: "Region D" }, { kind: "municipality_social", name: "Kommun E" }]).returning();
    const byIds = statement((q) => q.select({ name: organizations.name }).from(organizations).where(anyOf(organizations.id, "ids")).orderBy(asc(organizations.name)));
    expect(await byIds(db(), { ids: [rows[2]!.id, rows[0]!.id] })).toEqual([{ name: "Kommun C" }, { name: "Kommun E" }]);
    expect(await byIds(db(), { ids: [rows[1]!.id] })).toEqual([{ name: "Region D" }]);
    expect(await byIds(db(), { ids: [] })).toEqual([]);
  });

  it("maps the rows back through the columns, values going to the driver as given", async () => {
    const since = statement((q) => q.select({ name: organizations.name, createdAt: organizations.createdAt }).from(organizations).where(gte(organizations.createdAt, sql.placeholder("since"))));
    const [row] = await db().insert(organizations).values({ kind: "region_health", name: "Region F", createdAt: new Date("2030-01-02T03:04:05.678Z") }).returning();
    const found = await since(db(), { since: "2030-01-01T00:00:00Z" });
    expect(found).toEqual([{ name: "Region F", createdAt: row!.createdAt }]);
    expect(found[0]!.createdAt).toBeInstanceOf(Date);
  });

  it("refuses a call without a value for a placeholder", async () => {
    const named = statement((q) => q.select().from(organizations).where(eq(organizations.name, sql.placeholder("name"))));
    await expect(named(db(), {})).rejects.toThrow(/No value for placeholder "name"/);
  });
});
