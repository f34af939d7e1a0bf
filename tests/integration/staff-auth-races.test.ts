import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, rateLimits, staffRecoveryCodes, users } from "../../db/schema";
import { demoPassword } from "../../db/seed";
import { readSession } from "~/lib/auth/session.server";
import { sha256 } from "~/lib/auth/tokens.server";
import { db } from "~/lib/db.server";
import { freeFailures, limits } from "~/lib/rate-limit.server";
import { signInWithPassword, verifySecondFactor } from "~/services/auth/staff-auth.server";
import { useTestDatabase } from "../support/database";
import { demoCode, requestWithCookies, seedDemo, staffByEmail } from "../support/fixtures";

// Attempts sent all at once, as an attacker with a script would: the limits must hold for
// attempts that are in flight together, not only for attempts one after another.
useTestDatabase();
beforeAll(seedDemo);

const ip = (n: number) => ({ requestId: `race-${n}`, clientIp: `192.0.2.${n % 250}` });
const codes = (results: { ok: boolean; code?: string }[]) => results.map((result) => (result.ok ? "ok" : result.code));
const count = (values: (string | undefined)[], value: string) => values.filter((v) => v === value).length;

async function pendingSession(email: string, n: number) {
  const signIn = await signInWithPassword({ email, password: demoPassword }, ip(n));
  if (!signIn.ok) throw new Error("password refused");
  const read = await readSession(requestWithCookies("http://localhost/login/second-factor", signIn.cookie), "staff");
  if (read.status !== "ok") throw new Error("no pending session");
  return read.session;
}

/** Six-digit codes that are not the demo code of any step near now. */
function wrongCodes(n: number): string[] {
  const near = new Set([-2, -1, 0, 1, 2].map(demoCode));
  return Array.from({ length: n + near.size }, (_, i) => String(100000 + i)).filter((code) => !near.has(code)).slice(0, n);
}

describe("staff sign-in under parallel attempts", () => {
  it("lets thirty colleagues behind one office address sign in at the same time, and counts none of it", async () => {
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const colleagues = Array.from({ length: 30 }, (_, i) => ({
      ...sara,
      id: `office-${i}`,
      email: `colleague${i}@berg.samsyn.example`,
      name: `Colleague ${i}`,
      totpLastStep: null,
    }));
    await db().insert(users).values(colleagues.map(({ createdAt: _createdAt, ...user }) => user));
    const office = (i: number) => ({ requestId: `office-${i}`, clientIp: "192.0.2.200" });

    const passwords = await Promise.all(colleagues.map(({ email }, i) => signInWithPassword({ email, password: demoPassword }, office(i))));
    expect(codes(passwords)).toEqual(colleagues.map(() => "ok"));
    const pendings = await Promise.all(
      passwords.map(async (result) => {
        const read = await readSession(requestWithCookies("http://localhost/login/second-factor", result.ok ? result.cookie : undefined), "staff");
        if (read.status !== "ok") throw new Error("no pending session");
        return read.session;
      }),
    );
    const code = demoCode();
    const codesChecked = await Promise.all(pendings.map((pending, i) => verifySecondFactor(pending, { code, method: "totp" }, office(i))));
    expect(codes(codesChecked)).toEqual(colleagues.map(() => "ok"));

    // Nothing is left counted against the address.
    const rows = await db()
      .select({ points: rateLimits.points })
      .from(rateLimits)
      .where(inArray(rateLimits.key, [`passwordPerIp:${sha256("192.0.2.200")}`, `secondFactorPerIp:${sha256("192.0.2.200")}`]));
    expect(rows.map((row) => row.points)).toEqual([0, 0]);
  });

  it("checks no more parallel guesses of one account from one address than the free ones", async () => {
    const email = "elin.strand@berg.samsyn.example";
    const stranger = { requestId: "race-pair", clientIp: "192.0.2.252" };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword({ email, password: `guess ${i}` }, stranger)));
    const answers = codes(results);
    expect(count(answers, "auth.invalid_credentials")).toBe(freeFailures);
    expect(count(answers, "auth.rate_limited")).toBe(20 - freeFailures);
    expect((await signInWithPassword({ email, password: demoPassword }, ip(253))).ok).toBe(true);
  });

  it("checks no more parallel wrong passwords for one account than its limit, from any number of addresses", async () => {
    const email = "oskar.lind@fk.samsyn.example";
    const user = await staffByEmail(email);
    const tries = limits.passwordPerAccount.points + 10;
    const results = await Promise.all(
      Array.from({ length: tries }, (_, i) => signInWithPassword({ email, password: `guess ${i}` }, ip(i + 1))),
    );
    const answers = codes(results);
    expect(count(answers, "auth.invalid_credentials")).toBe(limits.passwordPerAccount.points);
    expect(count(answers, "auth.rate_limited")).toBe(10);

    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.password"), eq(auditEvents.actorUserId, user.id)));
    expect(events.filter((event) => event.outcome === "failure")).toHaveLength(limits.passwordPerAccount.points);
    expect(events.filter((event) => event.reason === "invalid_credentials_locked")).toHaveLength(1);
    expect(events.filter((event) => event.reason === "rate_limited")).toHaveLength(10);
    expect(await signInWithPassword({ email, password: demoPassword }, ip(tries + 1))).toMatchObject({ code: "auth.rate_limited" });
  });

  it("checks no more parallel wrong passwords from one address than its limit, across accounts", async () => {
    const attacker = { requestId: "race-ip", clientIp: "192.0.2.251" };
    const tries = limits.passwordPerIp.points + 10;
    const results = await Promise.all(
      Array.from({ length: tries }, (_, i) => signInWithPassword({ email: `guess${i}@fk.samsyn.example`, password: "guess" }, attacker)),
    );
    const answers = codes(results);
    expect(count(answers, "auth.invalid_credentials")).toBe(limits.passwordPerIp.points);
    expect(count(answers, "auth.rate_limited")).toBe(10);
  });

  it("checks no more parallel TOTP guesses than the limit, and then refuses the right code from a new address", async () => {
    const email = "admin@fk.samsyn.example";
    const pending = await pendingSession(email, 100);
    const tries = limits.secondFactorPerAccount.points + 10;
    const results = await Promise.all(
      wrongCodes(tries).map((code, i) => verifySecondFactor(pending, { code, method: "totp" }, ip(101 + i))),
    );
    const answers = codes(results);
    expect(count(answers, "auth.invalid_code")).toBe(limits.secondFactorPerAccount.points);
    expect(count(answers, "auth.rate_limited")).toBe(10);

    const user = await staffByEmail(email);
    const failures = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.second_factor"), eq(auditEvents.actorUserId, user.id), eq(auditEvents.outcome, "failure")));
    expect(failures).toHaveLength(limits.secondFactorPerAccount.points);
    expect(await verifySecondFactor(pending, { code: demoCode(), method: "totp" }, ip(200))).toMatchObject({ code: "auth.rate_limited" });
  });

  it("accepts one TOTP code once when it is sent twice at the same time", async () => {
    const email = "admin@af.samsyn.example";
    const [first, second] = [await pendingSession(email, 210), await pendingSession(email, 211)];
    const code = demoCode();
    const results = await Promise.all([
      verifySecondFactor(first, { code, method: "totp" }, ip(210)),
      verifySecondFactor(second, { code, method: "totp" }, ip(211)),
    ]);
    expect(codes(results).sort()).toEqual(["auth.invalid_code", "ok"]);

    const user = await staffByEmail(email);
    const signIns = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.sign_in"), eq(auditEvents.actorUserId, user.id)));
    expect(signIns).toHaveLength(1);
  });

  it("accepts one recovery code once when it is sent twice at the same time", async () => {
    const email = "admin@rjh.samsyn.example";
    const user = await staffByEmail(email);
    const code = "k7m2-9qxp-4hd3";
    await db().insert(staffRecoveryCodes).values({ userId: user.id, codeHash: sha256(code) });
    const [first, second] = [await pendingSession(email, 220), await pendingSession(email, 221)];
    const results = await Promise.all([
      verifySecondFactor(first, { code, method: "recovery" }, ip(220)),
      verifySecondFactor(second, { code: code.toUpperCase(), method: "recovery" }, ip(221)),
    ]);
    expect(codes(results).sort()).toEqual(["auth.invalid_code", "ok"]);
    const rows = await db().select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, user.id));
    expect(rows.every((row) => row.usedAt !== null)).toBe(true);
  });
});
