import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseEntries, consents } from "../../db/schema";
import { useEidProvider } from "~/lib/auth/eid.server";
import { db } from "~/lib/db.server";
import { useTestDatabase } from "../support/database";
import { sampleForms } from "../support/forms";
import { appRoutes, callRoute, type Outcome } from "../support/routes";
import { loadWorld, type Role, type World } from "../support/world";

/**
 * The inputs found by trying Samsyn from outside, which all answered 500, each with the answer
 * it should get. They are fixed at their roots (docs/architecture.md, "A route"): one UUID check
 * for ids in paths, one mapping of the database's input refusals to 400/409, one text cleaner
 * for every form field, and out-of-scope writes answered 404 by the gate.
 */
useTestDatabase();

let world: World;
beforeAll(async () => {
  world = await loadWorld();
});

const route = (file: string) => appRoutes.find((candidate) => candidate.file === file)!;

async function get(file: string, role: Role, params: Record<string, string>): Promise<Outcome> {
  return callRoute(route(file), { params, cookie: await world.cookie(role) });
}

/** Posts the route's sample form (tests/support/forms.ts) with some fields changed, as `role` (default: the sample's). */
async function post(file: string, changes: Record<string, string>, options: { role?: Role; params?: Record<string, string> } = {}): Promise<Outcome> {
  const sample = sampleForms(world)[file]!;
  const fields = sample.fields.filter(([name]) => !(name in changes));
  const body = new URLSearchParams([...fields, ...Object.entries(changes)]);
  return callRoute(route(file), { method: "POST", params: options.params ?? sample.params, cookie: await world.cookie(options.role ?? sample.role), body: body.toString() });
}

const errorOf = (outcome: Outcome) => (JSON.parse(outcome.text ?? "{}") as { error?: string; code?: string }).error ?? JSON.parse(outcome.text ?? "{}").code;

describe("a malformed id in a path is 'not found'", () => {
  it.each([
    ["cases.$caseId._index.tsx", "sara", () => ({ caseId: "not-a-uuid" })],
    ["me.consents.$consentId._index.tsx", "eva", () => ({ consentId: "not-a-uuid" })],
    ["cases.$caseId.plan.activities.$activityId.tsx", "sara", () => ({ caseId: world.ids.evaCase, activityId: "x" })],
    ["cases.$caseId.plan.goals.$goalId.tsx", "sara", () => ({ caseId: world.ids.evaCase, goalId: "1 or 1=1" })],
    ["inbox.requests.$requestId.tsx", "erik", () => ({ requestId: "%00" })],
  ] as const)("%s as %s", async (file, role, params) => {
    const outcome = await get(file, role, params());
    expect(outcome.status).toBe(404);
    expect(errorOf(outcome)).toBe("not_found");
  });
});

describe("a malformed id in a form field is refused with a translated 400", () => {
  it.each([
    ["cases.$caseId.plan.activities.new.tsx", { goalId: "not-a-uuid" }],
    ["cases.$caseId.plan._index.tsx", { activityId: "x" }],
    ["admin.users.$userId.tsx", { unitId: "not-a-uuid" }],
  ] as const)("%s %o", async (file, changes) => {
    const outcome = await post(file, changes);
    expect(outcome.status).toBe(400);
    expect(errorOf(outcome)).toMatch(/^(form\.|plan\.|consent\.|admin\.)/);
  });

  it("a unit chosen for an organisation in the consent", async () => {
    const outcome = await post("cases.$caseId.consents.new.tsx", { [`unit:${world.ids.organizations["Arbetsförmedlingen"]}`]: "not-a-uuid" });
    expect(outcome.status).toBe(400);
    expect(errorOf(outcome)).toMatch(/^(form\.|consent\.)/);
  });

  it("the grant a client withdraws names the thing acted on, so a malformed one is 'not found'", async () => {
    const outcome = await post("me.consents.$consentId.revoke.tsx", { grantId: "not-a-uuid" });
    expect([outcome.status, errorOf(outcome)]).toEqual([404, "not_found"]);
  });

  it("an id of something that does not exist, or of another case, is refused as unknown", async () => {
    const unknown = await post("cases.$caseId.plan.activities.new.tsx", { goalId: randomUUID() });
    expect([unknown.status, errorOf(unknown)]).toEqual([400, "form.unknown_reference"]);
    const otherCase = await post("cases.$caseId.plan.activities.new.tsx", { goalId: world.ids.goal }, { role: "ahmed", params: { caseId: world.ids.samCase } });
    expect(otherCase.status).toBeGreaterThanOrEqual(400);
    expect(otherCase.status).toBeLessThan(500);
  });
});

describe("an out-of-scope write is 'not found', never an error", () => {
  it("an officer of an organisation outside the case records an entry", async () => {
    const outcome = await post("cases.$caseId._index.tsx", {}, { role: "karin" });
    expect(outcome.status).toBe(404);
  });

  it("an officer of another unit claims a request in AF's inbox", async () => {
    expect((await post("inbox.requests.$requestId.tsx", {}, { role: "karin" })).status).toBe(404);
  });

  it("an officer of another unit edits the lead's goal", async () => {
    const outcome = await post("cases.$caseId.plan.goals.$goalId.tsx", {}, { role: "karin" });
    expect(outcome.status).toBe(404);
  });

  it("the client comments on a goal that is not theirs and answers a consent request that does not exist", async () => {
    expect((await post("me._index.tsx", { goalId: randomUUID() })).status).toBe(404);
    expect((await post("me.consents.requests.$requestId.tsx", {}, { params: { requestId: randomUUID() } })).status).toBe(404);
  });
});

describe("text as it comes from real programs", () => {
  it("a NUL byte and other control characters are removed; Word's soft line break is a line break", async () => {
    const text = "Rad ett\u000bRad två\u0000\u0007 klar\u007f\ttab";
    const outcome = await post("cases.$caseId._index.tsx", { text });
    expect(outcome.status).toBe(200);
    const stored = await db().select({ text: caseEntries.text }).from(caseEntries).where(eq(caseEntries.caseId, world.ids.evaCase));
    expect(stored.map((row) => row.text)).toContain("Rad ett\nRad två klar\ttab");
  });

  it("a lone surrogate becomes the replacement character", async () => {
    const outcome = await post("cases.$caseId._index.tsx", { text: "halv \ud800 rad" });
    expect(outcome.status).toBe(200);
    const stored = await db().select({ text: caseEntries.text }).from(caseEntries).where(eq(caseEntries.caseId, world.ids.evaCase));
    expect(stored.map((row) => row.text)).toContain("halv \ufffd rad");
  });
});

describe("impossible dates are refused, nothing is written", () => {
  it.each(["0000-00-00", "2025-02-30", "2026-13-01", "99999-01-01"])("a consent recorded as given on %s", async (givenAt) => {
    const before = (await db().select({ id: consents.id }).from(consents)).length;
    const outcome = await post("cases.$caseId.consents.record.tsx", { givenAt });
    expect(outcome.status).toBe(400);
    expect(errorOf(outcome)).toMatch(/^(form\.|consent\.)/);
    expect((await db().select({ id: consents.id }).from(consents)).length).toBe(before);
  });

  it.each(["0000-00-00", "2025-02-30", "2026-06-31"])("an activity that starts on %s: the date field says why", async (startDate) => {
    const outcome = await post("cases.$caseId.plan.activities.new.tsx", { startDate });
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.text!).fieldErrors).toMatchObject({ startDate: "plan.date_invalid" });
  });

  it("an extent out of range", async () => {
    for (const extent of ["-1", "101", "1e309", "NaN", "99999999999999999999"]) {
      const outcome = await post("cases.$caseId.plan.activities.new.tsx", { extent });
      expect(outcome.status, extent).toBe(400);
    }
  });
});

describe("an e-ID broker that is down", () => {
  it("answers the client accepting a consent request with the translated 503, not an error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    useEidProvider({ issuer: `http://127.0.0.1:${port}/`, clientId: "samsyn", clientSecret: "a-secret-that-is-long-enough" });
    const outcome = await post("me.consents.requests.$requestId.tsx", {});
    expect([outcome.status, errorOf(outcome)]).toEqual([503, "eid.unavailable"]);
  });
});
