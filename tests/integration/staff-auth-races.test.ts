import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, staffRecoveryCodes } from "../../db/schema";
import { demoPassword } from "../../db/seed";
import { readSession } from "~/lib/auth/session.server";
import { sha256 } from "~/lib/auth/tokens.server";
import { db } from "~/lib/db.server";
import { limits } from "~/lib/rate-limit.server";
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
  it("checks no more parallel wrong passwords for one account than the limit, from any number of addresses", async () => {
    const email = "oskar.lind@fk.samsyn.example";
    const user = await staffByEmail(email);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signInWithPassword({ email, password: `guess ${i}` }, ip(i + 1))),
    );
    const answers = codes(results);
    expect(count(answers, "auth.invalid_credentials")).toBe(limits.passwordPerAccount.points);
    expect(count(answers, "auth.rate_limited")).toBe(30 - limits.passwordPerAccount.points);

    const events = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.password"), eq(auditEvents.actorUserId, user.id)));
    expect(events.filter((event) => event.outcome === "failure")).toHaveLength(limits.passwordPerAccount.points);
    expect(events.filter((event) => event.reason === "invalid_credentials_locked")).toHaveLength(1);
    expect(events.filter((event) => event.reason === "rate_limited")).toHaveLength(30 - limits.passwordPerAccount.points);
    expect(await signInWithPassword({ email, password: demoPassword }, ip(31))).toMatchObject({ code: "auth.rate_limited" });
  });

  it("checks no more parallel wrong passwords from one address than the limit, across accounts", async () => {
    const attacker = { requestId: "race-ip", clientIp: "192.0.2.251" };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInWithPassword({ email: `guess${i}@fk.samsyn.example`, password: "guess" }, attacker)),
    );
    const answers = codes(results);
    expect(count(answers, "auth.invalid_credentials")).toBe(limits.passwordPerIp.points);
    expect(count(answers, "auth.rate_limited")).toBe(40 - limits.passwordPerIp.points);
  });

  it("checks no more parallel TOTP guesses than the limit, and then refuses the right code", async () => {
    const email = "admin@fk.samsyn.example";
    const pending = await pendingSession(email, 100);
    const results = await Promise.all(
      wrongCodes(40).map((code, i) => verifySecondFactor(pending, { code, method: "totp" }, ip(101 + i))),
    );
    const answers = codes(results);
    expect(count(answers, "auth.invalid_code")).toBe(limits.secondFactorPerAccount.points);
    expect(count(answers, "auth.rate_limited")).toBe(40 - limits.secondFactorPerAccount.points);

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
