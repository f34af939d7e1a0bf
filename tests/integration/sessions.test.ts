import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { staffSessions } from "../../db/schema";
import { requireStaff } from "~/access/guards.server";
import { createStaffSession, endAllSessions, readSession } from "~/lib/auth/session.server";
import { db } from "~/lib/db.server";
import { deactivateStaffUser } from "~/services/directory/staff-admin.server";
import { holdOpen, useTestDatabase, within } from "../support/database";
import { gateResponse } from "../support/refusals";
import { facts, requestWithCookies, seedDemo, staffActor, staffByEmail } from "../support/fixtures";

const database = useTestDatabase();
beforeAll(seedDemo);
afterEach(() => {
  vi.useRealTimers();
});

const url = "http://localhost/account";
const minutes = (n: number) => n * 60_000;

/**
 * Reads the staff session of `cookie` while a second connection holds its row locked (PostgreSQL
 * only): the read, or null when it did not answer within 3 s.
 */
async function readWhileRowHeld(sessionId: string, cookie: string) {
  const release = await holdOpen(database.url()!, (tx) => tx.select({ id: staffSessions.id }).from(staffSessions).where(eq(staffSessions.id, sessionId)).for("update"));
  try {
    return await within(3_000, readSession(requestWithCookies(url, cookie), "staff"));
  } finally {
    await release();
  }
}

describe("staff sessions", () => {
  it("are created and validated, and move their idle deadline with activity", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-21T08:00:00Z"));
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    expect(cookie).toMatch(/^samsyn-staff=[^;]+; .*HttpOnly/);
    expect(cookie).toContain("SameSite=Lax");

    const first = await readSession(requestWithCookies(url, cookie), "staff");
    expect(first.status).toBe("ok");
    if (first.status !== "ok") return;
    expect(first.session.expiresAt.toISOString()).toBe("2026-11-21T08:20:00.000Z");
    expect(first.session.absoluteExpiresAt.toISOString()).toBe("2026-11-21T18:00:00.000Z");

    vi.setSystemTime(new Date("2026-11-21T08:19:00Z"));
    const later = await readSession(requestWithCookies(url, cookie), "staff");
    expect(later.status === "ok" && later.session.expiresAt.toISOString()).toBe("2026-11-21T08:39:00.000Z");
  });

  it("keep the moved idle deadline in the database", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-21T08:00:00Z"));
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { sessionId, cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    vi.setSystemTime(new Date("2026-11-21T08:19:00Z"));
    await readSession(requestWithCookies(url, cookie), "staff");
    const [row] = await db().select().from(staffSessions).where(eq(staffSessions.id, sessionId));
    expect([row!.expiresAt.toISOString(), row!.lastSeenAt.toISOString()]).toEqual(["2026-11-21T08:39:00.000Z", "2026-11-21T08:19:00.000Z"]);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("requests of one session that run together do not wait for each other's move of the deadline (PostgreSQL: needs two connections)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-21T08:00:00Z"));
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { sessionId, cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    vi.setSystemTime(new Date("2026-11-21T08:05:00Z"));
    // Another request's move of the deadline holds the session's row, and this request, due for
    // the same move, still answers at once.
    const read = await readWhileRowHeld(sessionId, cookie);
    expect(read?.status === "ok" && read.session.expiresAt.toISOString()).toBe("2026-11-21T08:25:00.000Z");
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("a session whose idle deadline is its absolute one is read without a write of its own (PostgreSQL: needs two connections)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-21T08:00:00Z"));
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    // The password-only stage lasts 10 minutes, so its idle deadline is its absolute one from the start.
    const { sessionId, cookie } = await createStaffSession(sara.id, { mfaVerified: false });
    vi.setSystemTime(new Date("2026-11-21T08:00:05Z"));
    const read = await readWhileRowHeld(sessionId, cookie);
    expect(read?.status === "ok" && read.session.expiresAt.toISOString()).toBe("2026-11-21T08:10:00.000Z");
    const [row] = await db().select().from(staffSessions).where(eq(staffSessions.id, sessionId));
    expect([row!.expiresAt.toISOString(), row!.lastSeenAt.toISOString()]).toEqual(["2026-11-21T08:10:00.000Z", "2026-11-21T08:00:00.000Z"]);
  });

  it("end after 20 idle minutes and answer as signed out, clearing the cookie", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-21T09:00:00Z"));
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    vi.setSystemTime(new Date(Date.now() + minutes(20) + 1_000));
    const read = await readSession(requestWithCookies(url, cookie), "staff");
    expect(read.status).toBe("invalid");
    const refused = await gateResponse(requireStaff(requestWithCookies(url, cookie)));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/login?returnTo=%2Faccount");
    expect(refused.headers.get("Set-Cookie")).toMatch(/^samsyn-staff=; /);
  });

  it("end after 10 hours even when active all the time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-21T06:00:00Z"));
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    for (let hour = 0; hour < 10 * 4; hour++) {
      vi.setSystemTime(new Date(Date.now() + minutes(15)));
      const read = await readSession(requestWithCookies(url, cookie), "staff");
      if (hour < 39) expect(read.status, `after ${(hour + 1) * 15} minutes`).toBe("ok");
      else expect(read.status).toBe("invalid");
    }
  });

  it("after the password alone reach nothing but the second factor", async () => {
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { cookie } = await createStaffSession(sara.id, { mfaVerified: false });
    const refused = await gateResponse(requireStaff(requestWithCookies(url, cookie)));
    expect(refused.headers.get("Location")).toBe("/login/second-factor?returnTo=%2Faccount");
  });

  it("end at once when an administrator deactivates the user", async () => {
    const ahmedAdmin = await staffActor("admin.ame@berg.samsyn.example");
    const ahmed = await staffByEmail("ahmed.karimi@berg.samsyn.example");
    const one = await createStaffSession(ahmed.id, { mfaVerified: true });
    const two = await createStaffSession(ahmed.id, { mfaVerified: true });
    expect((await requireStaff(requestWithCookies(url, one.cookie))).userId).toBe(ahmed.id);

    await deactivateStaffUser(ahmedAdmin, ahmed.id, facts);
    for (const { cookie } of [one, two]) {
      expect((await readSession(requestWithCookies(url, cookie), "staff")).status).toBe("invalid");
    }
  });

  it("can all be ended at once (sign out everywhere)", async () => {
    const erik = await staffByEmail("erik.holm@af.samsyn.example");
    const sessions = [await createStaffSession(erik.id, { mfaVerified: true }), await createStaffSession(erik.id, { mfaVerified: true })];
    await endAllSessions("staff", erik.id);
    for (const { cookie } of sessions) expect((await readSession(requestWithCookies(url, cookie), "staff")).status).toBe("invalid");
  });

  it("treat a tampered cookie as signed out", async () => {
    const read = await readSession(requestWithCookies(url, "samsyn-staff=not-a-real-session-id; Path=/"), "staff");
    expect(read.status).toBe("invalid");
  });
});
