import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, rateLimits } from "../../db/schema";
import { demoPassword } from "../../db/seed";
import { readSession } from "~/lib/auth/session.server";
import { sha256 } from "~/lib/auth/tokens.server";
import { db, getDatabase } from "~/lib/db.server";
import { backoff, freeFailures, limits } from "~/lib/rate-limit.server";
import { signInWithPassword, verifySecondFactor } from "~/services/auth/staff-auth.server";
import { useTestDatabase } from "../support/database";
import { demoCode, requestWithCookies, seedDemo } from "../support/fixtures";

useTestDatabase();
beforeAll(seedDemo);

const ip = (n: number) => ({ requestId: `req-${n}`, clientIp: `198.51.100.${n}` });

/** Lets the pair's current wait run out, as if the stranger had waited. */
async function expireWait(email: string, address: { clientIp: string }) {
  const key = `passwordPair:${sha256(`${email}\n${address.clientIp}`)}`;
  await db().update(rateLimits).set({ expire: new Date(Date.now() - 1000) }).where(eq(rateLimits.key, key));
}

async function pendingSessionOf(cookie: string) {
  const read = await readSession(requestWithCookies("http://localhost/login/second-factor", cookie), "staff");
  if (read.status !== "ok") throw new Error("no pending session");
  return read.session;
}

describe("staff sign-in", () => {
  it("gives the same answer for an unknown address and a wrong password, and records both", async () => {
    const unknown = await signInWithPassword({ email: "nobody@berg.samsyn.example", password: demoPassword }, ip(1));
    const wrong = await signInWithPassword({ email: "sara.lindqvist@berg.samsyn.example", password: "wrong password" }, ip(1));
    expect(unknown).toEqual({ ok: false, code: "auth.invalid_credentials" });
    expect(wrong).toEqual(unknown);
    const failures = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.password"), eq(auditEvents.outcome, "failure"), eq(auditEvents.requestId, "req-1")));
    expect(failures).toHaveLength(2);
    expect(failures.every((event) => event.reason === "invalid_credentials")).toBe(true);
    // The attempt on a known account names whose account it was: user, unit, organisation, role.
    const sara = failures.find((event) => event.actorUserId === "demo-sara");
    expect(sara).toMatchObject({ unitId: expect.any(String), organizationId: expect.any(String), role: "case_officer" });
  });

  it("needs the password and then a TOTP code; the session is replaced with a new id", async () => {
    const step1 = await signInWithPassword({ email: "Sara.Lindqvist@berg.samsyn.example ", password: demoPassword }, ip(2));
    expect(step1.ok).toBe(true);
    if (!step1.ok) return;
    const pending = await pendingSessionOf(step1.cookie);
    expect(pending.mfaVerified).toBe(false);

    expect(await verifySecondFactor(pending, { code: "000000", method: "totp" }, ip(2))).toEqual({ ok: false, code: "auth.invalid_code" });
    const step2 = await verifySecondFactor(pending, { code: demoCode(), method: "totp" }, ip(2));
    expect(step2.ok).toBe(true);
    if (!step2.ok) return;
    const full = await readSession(requestWithCookies("http://localhost/account", step2.cookie), "staff");
    expect(full.status === "ok" && full.session.mfaVerified).toBe(true);
    expect(full.status === "ok" && full.session.id).not.toBe(pending.id);
    expect((await readSession(requestWithCookies("http://localhost/", step1.cookie), "staff")).status).toBe("invalid");
  });

  it("refuses the same TOTP code twice", async () => {
    const email = "maria.nilsson@rjh.samsyn.example";
    const code = demoCode();
    const first = await signInWithPassword({ email, password: demoPassword }, ip(3));
    if (!first.ok) throw new Error("password refused");
    expect((await verifySecondFactor(await pendingSessionOf(first.cookie), { code, method: "totp" }, ip(3))).ok).toBe(true);
    const second = await signInWithPassword({ email, password: demoPassword }, ip(3));
    if (!second.ok) throw new Error("password refused");
    expect(await verifySecondFactor(await pendingSessionOf(second.cookie), { code, method: "totp" }, ip(3))).toEqual({
      ok: false,
      code: "auth.invalid_code",
    });
  });

  it("lets a stranger's wrong passwords slow down only the stranger's address, with growing waits", async () => {
    const email = "karin.sjoberg@fk.samsyn.example";
    const stranger = ip(10);
    for (let i = 0; i < freeFailures; i++) {
      expect(await signInWithPassword({ email, password: `guess ${i}` }, stranger)).toEqual({ ok: false, code: "auth.invalid_credentials" });
    }
    // Now the stranger waits, even with the right password, and is told for how long.
    const held = await signInWithPassword({ email, password: demoPassword }, stranger);
    expect(held).toMatchObject({ ok: false, code: "auth.rate_limited", retryAfter: backoff(freeFailures) });
    expect(backoff(freeFailures)).toBeGreaterThan(0);
    // The officer, at her own desk, is not held back at all.
    expect((await signInWithPassword({ email, password: demoPassword }, ip(11))).ok).toBe(true);

    // Each further failure doubles the stranger's wait.
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await expireWait(email, stranger);
      expect(await signInWithPassword({ email, password: `more ${i}` }, stranger)).toMatchObject({ code: "auth.invalid_credentials" });
      const next = await signInWithPassword({ email, password: "again" }, stranger);
      waits.push(next.ok === false && "retryAfter" in next ? next.retryAfter : 0);
    }
    expect(waits).toEqual([backoff(freeFailures + 1), backoff(freeFailures + 2), backoff(freeFailures + 3)]);
    expect(waits[2]).toBe(4 * waits[0]!);
    const refusals = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "auth.password"), eq(auditEvents.reason, "rate_limited")));
    expect(refusals.length).toBeGreaterThan(0);
    expect((await signInWithPassword({ email, password: demoPassword }, ip(12))).ok).toBe(true);
  });

  it("holds back an unknown address exactly as a known account, so the wait tells nothing about who exists", async () => {
    const stranger = ip(13);
    const answers = [];
    for (const email of ["nobody.here@fk.samsyn.example", "oskar.lind@fk.samsyn.example"]) {
      for (let i = 0; i < freeFailures; i++) await signInWithPassword({ email, password: `guess ${i}` }, stranger);
      answers.push(await signInWithPassword({ email, password: "guess" }, stranger));
    }
    expect(answers[0]).toEqual({ ok: false, code: "auth.rate_limited", retryAfter: backoff(freeFailures) });
    expect(answers[1]).toEqual(answers[0]);
  });

  it("forgets a pair's failures when the account signs in from that address", async () => {
    const email = "johanna.berg@berg.samsyn.example";
    const desk = ip(14);
    for (let i = 0; i < freeFailures - 1; i++) await signInWithPassword({ email, password: `typo ${i}` }, desk);
    expect((await signInWithPassword({ email, password: demoPassword }, desk)).ok).toBe(true);
    for (let i = 0; i < freeFailures; i++) {
      expect(await signInWithPassword({ email, password: `typo ${i}` }, desk)).toMatchObject({ code: "auth.invalid_credentials" });
    }
  });

  it("limits one address guessing across accounts, counting only failures", async () => {
    const attacker = ip(99);
    for (let i = 0; i < limits.passwordPerIp.points; i++) {
      expect(await signInWithPassword({ email: `person${i}@berg.samsyn.example`, password: "guess" }, attacker)).toMatchObject({
        code: "auth.invalid_credentials",
      });
    }
    expect(await signInWithPassword({ email: "erik.holm@af.samsyn.example", password: demoPassword }, attacker)).toMatchObject({
      code: "auth.rate_limited",
    });
    expect((await signInWithPassword({ email: "erik.holm@af.samsyn.example", password: demoPassword }, ip(98))).ok).toBe(true);
  });

  it("does not count successful sign-ins against the address", async () => {
    const office = ip(60);
    for (let i = 0; i <= limits.passwordPerIp.points; i++) {
      expect((await signInWithPassword({ email: "oliver.nord@af.samsyn.example", password: demoPassword }, office)).ok).toBe(true);
    }
  });

  it("does not count attempts refused by a pair's wait against the address or the account", async () => {
    const office = ip(70);
    const email = "david.sundin@af.samsyn.example";
    for (let i = 0; i < freeFailures; i++) await signInWithPassword({ email, password: `guess ${i}` }, office);
    for (let i = 0; i < limits.passwordPerIp.points; i++) {
      expect(await signInWithPassword({ email, password: demoPassword }, office)).toMatchObject({ code: "auth.rate_limited" });
    }
    expect((await signInWithPassword({ email: "fatima.hassan@af.samsyn.example", password: demoPassword }, office)).ok).toBe(true);
    expect((await signInWithPassword({ email, password: demoPassword }, ip(71))).ok).toBe(true);
  });

  it("holds an account back across addresses, except at an address it has signed in from", async () => {
    const email = "linnea.berg@berg.samsyn.example";
    const desk = ip(80);
    expect((await signInWithPassword({ email, password: demoPassword }, desk)).ok).toBe(true);
    // Many addresses, each with few guesses: no pair waits, the account's own limit does.
    for (let i = 0; i < limits.passwordPerAccount.points; i++) {
      await signInWithPassword({ email, password: `guess ${i}` }, { requestId: `botnet-${i}`, clientIp: `203.0.113.${100 + i}` });
    }
    expect(await signInWithPassword({ email, password: demoPassword }, ip(81))).toMatchObject({ code: "auth.rate_limited" });
    expect((await signInWithPassword({ email, password: demoPassword }, desk)).ok).toBe(true);
  });

  it("slows down TOTP guesses the same way, for that address only", async () => {
    const email = "lena.aberg@af.samsyn.example";
    const signIn = await signInWithPassword({ email, password: demoPassword }, ip(40));
    if (!signIn.ok) throw new Error("password refused");
    const pending = await pendingSessionOf(signIn.cookie);
    for (let i = 0; i < freeFailures; i++) {
      expect(await verifySecondFactor(pending, { code: String(100000 + i), method: "totp" }, ip(40))).toMatchObject({ code: "auth.invalid_code" });
    }
    expect(await verifySecondFactor(pending, { code: demoCode(), method: "totp" }, ip(40))).toMatchObject({
      code: "auth.rate_limited",
      retryAfter: backoff(freeFailures),
    });
    expect((await verifySecondFactor(pending, { code: demoCode(), method: "totp" }, ip(41))).ok).toBe(true);
  });

  it("keeps the counts in the database (shared by every app instance), never the address in clear", async () => {
    await signInWithPassword({ email: "per.olsson@berg.samsyn.example", password: "nope" }, ip(50));
    const rows = await getDatabase().rows<{ key: string; points: number }>(sql`select key, points from rate_limits`);
    expect(rows.some((row) => row.key.startsWith("passwordPerAccount:") && row.points >= 1)).toBe(true);
    expect(rows.some((row) => row.key.startsWith("passwordPerIp:"))).toBe(true);
    expect(rows.some((row) => row.key.startsWith("passwordPair:") && row.points >= 1)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("per.olsson");
    expect(JSON.stringify(rows)).not.toContain("198.51.100.50");
  });
});
