import { asc, eq, inArray, TransactionRollbackError } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cases, consentGrants, consents } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { together, withReader } from "~/access/gate.server";
import { Reader } from "~/access/reader.server";
import { db, type Queryable } from "~/lib/db.server";
import { caseFacts, caseRows } from "~/access/reads/cases.server";
import { useTestDatabase } from "../support/database";
import { staffActor } from "../support/fixtures";
import { loadWorld, type World } from "../support/world";

/**
 * A page may read its parts together (`together`: the case page's plan, feed, requests and
 * meetings), so the reader's caches must hold under concurrent use: a decision never sees a
 * case's consents half-loaded, rows are loaded once, and no part is still reading when the
 * look ends.
 */
useTestDatabase();

let world: World;
let erik: StaffActor;

beforeAll(async () => {
  world = await loadWorld();
  erik = await staffActor("erik.holm@af.samsyn.example");
});

describe("one look read in parts at once", () => {
  it("decides each part on the case's consents fully loaded", async () => {
    // AF sees Eva's case only under her consent: a part that decided on consents still loading would be refused.
    const decisions = await withReader(erik, async (reader) => {
      const facts = caseFacts((await caseRows(reader, [world.ids.evaCase])).get(world.ids.evaCase)!);
      const decide = () => reader.check("case.view", { type: "case", case: facts }, { resourceType: "case", resourceId: facts.caseId });
      const first = decide();
      // The first part's consents are on their way from the database when the others decide.
      await new Promise((resolve) => setImmediate(resolve));
      return Promise.all([first, decide(), decide()]);
    });
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true]);
    expect(decisions[0]!.basis).toMatch(/^consent:/);
  });

  it("loads rows asked for by two parts at once one time", async () => {
    const asked: string[][] = [];
    const load = async (ids: string[]) => {
      asked.push(ids);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return new Map(ids.map((id) => [id, { id }]));
    };
    const [first, second] = await withReader(erik, (reader) => Promise.all([reader.memoMany("thing", ["a", "b"], load), reader.memoMany("thing", ["b", "a"], load)]));
    expect(asked).toEqual([["a", "b"]]);
    expect([...first.keys()]).toEqual(["a", "b"]);
    expect([...second.keys()]).toEqual(["b", "a"]);
  });

  it("fails whoever awaits rows whose load failed, and leaves no unhandled rejection behind", async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", note);
    try {
      const failing = () => Promise.reject(new Error("load failed"));
      await expect(withReader(erik, (reader) => reader.memoMany("thing", ["a", "b", "c"], failing))).rejects.toThrow("load failed");
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", note);
    }
  });

  it("waits for every part before it answers or throws the first failure", async () => {
    const finished: string[] = [];
    const part = (name: string, ms: number, fail = false) =>
      new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          finished.push(name);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms),
      );
    await expect(together([part("slow", 30), part("failing", 5, true), part("later failing", 15, true)])).rejects.toThrow("failing");
    expect(finished).toEqual(["failing", "later failing", "slow"]);
    expect(await together([part("a", 10), part("b", 1)])).toEqual(["a", "b"]);
  });
});

describe("each case's consents, as the reader loads them", () => {
  /** Every consent version of these cases from the tables: oldest first, each with its grants by id. */
  const stored = async (q: Queryable, caseIds: string[]) => {
    const versions = await q.select().from(consents).where(inArray(consents.caseId, caseIds)).orderBy(asc(consents.createdAt));
    const lines = await q.select().from(consentGrants).orderBy(asc(consentGrants.id));
    return new Map(caseIds.map((caseId) => [caseId, versions.filter((v) => v.caseId === caseId).map((v) => ({ id: v.id, grants: lines.filter((line) => line.consentId === v.id).map((line) => line.id) }))]));
  };
  const shape = (loaded: Map<string, { id: string; grants: { id: string }[] }[]>) =>
    new Map([...loaded].map(([caseId, versions]) => [caseId, versions.map((v) => ({ id: v.id, grants: v.grants.map((line) => line.id) }))]));

  it("loads every version with its grants, a version with every line withdrawn with none, for a list and for one case", async () => {
    const caseIds = (await db().select({ id: cases.id }).from(cases)).map((row) => row.id);
    const withConsents = [...new Set((await db().select({ caseId: consents.caseId }).from(consents)).map((row) => row.caseId))];
    expect(withConsents.length).toBeGreaterThan(0);
    expect(caseIds.length).toBeGreaterThan(withConsents.length);
    const emptied = (await db().select().from(consents).where(eq(consents.caseId, withConsents[0]!)))[0]!;
    await db()
      .transaction(async (tx) => {
        // A later version of it takes over its grants (new ids, so their order is the ids'), and it keeps none.
        const lines = await tx.select().from(consentGrants).where(eq(consentGrants.consentId, emptied.id));
        expect(lines.length).toBeGreaterThan(1);
        const later = { ...emptied, id: crypto.randomUUID(), version: emptied.version + 1, supersedesId: emptied.id, createdAt: new Date(emptied.createdAt.getTime() + 60_000) };
        await tx.insert(consents).values(later);
        await tx.insert(consentGrants).values(lines.map((line) => ({ ...line, id: crypto.randomUUID(), consentId: later.id })));
        await tx.delete(consentGrants).where(eq(consentGrants.consentId, emptied.id));
        const expected = await stored(tx, caseIds);
        expect(expected.get(emptied.caseId)!.map((v) => v.grants.length)).toEqual([0, lines.length]);
        const reader = new Reader(erik, tx);
        expect(shape(await reader.consentRowsFor(caseIds))).toEqual(expected);
        // What a decision reads, for a list (several cases in one statement) and for one case.
        const list = new Reader(erik, tx);
        await list.consentsFor(caseIds);
        for (const caseId of caseIds) {
          expect((await list.consentsOf(caseId)).map((v) => [v.id, v.grants.length]), caseId).toEqual(expected.get(caseId)!.map((v) => [v.id, v.grants.length]));
          expect((await new Reader(erik, tx).consentsOf(caseId)).map((v) => v.id)).toEqual(expected.get(caseId)!.map((v) => v.id));
        }
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
  });
});
