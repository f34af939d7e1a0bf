import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { requireClient } from "~/access/guards.server";
import { absoluteTimeoutMs, createClientSession, createStaffSession, idleTimeoutMs, readSession } from "~/lib/auth/session.server";
import { useTestDatabase } from "../support/database";
import { gateResponse } from "../support/refusals";
import { demoClient, requestWithCookies, seedDemo, staffByEmail } from "../support/fixtures";

useTestDatabase();
afterEach(() => {
  vi.useRealTimers();
});

const url = "http://localhost/me";
const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;
let evaId: string;

beforeAll(async () => {
  await seedDemo();
  evaId = (await demoClient("Eva")).id;
});

function startClock(at: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(at));
}

const later = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

const evaSession = () => createClientSession(evaId, { idTokenRef: "f".repeat(64), authTime: new Date() });

describe("session limits", () => {
  it("are 20 idle minutes for everyone, 10 hours for staff and 2 hours for clients", () => {
    expect(idleTimeoutMs).toBe(minutes(20));
    expect(absoluteTimeoutMs).toEqual({ staff: hours(10), client: hours(2) });
  });

  it("end a client session at 2 hours even when the client is active all the time", async () => {
    startClock("2026-11-21T10:00:00Z");
    const { cookie } = await evaSession();
    expect(cookie).toMatch(/^samsyn-client=[^;]+;.*Max-Age=7200/);

    for (let step = 1; step <= 8; step++) {
      later(minutes(15));
      const read = await readSession(requestWithCookies(url, cookie), "client");
      if (step < 8) {
        expect(read.status, `after ${step * 15} minutes`).toBe("ok");
        if (read.status !== "ok") return;
        expect(read.session.absoluteExpiresAt.toISOString()).toBe("2026-11-21T12:00:00.000Z");
        // The idle deadline moves with activity but never past the absolute one.
        const idleDeadline = Math.min(Date.now() + minutes(20), Date.parse("2026-11-21T12:00:00Z"));
        expect(read.session.expiresAt.toISOString()).toBe(new Date(idleDeadline).toISOString());
      } else {
        expect(read.status, "after 2 hours").toBe("invalid");
      }
    }

    const refused = await gateResponse(requireClient(requestWithCookies(url, cookie)));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/auth/eid/start?returnTo=%2Fme");
  });

  it("keep an active client session through 1:59:59 and end it at 2:00:00", async () => {
    startClock("2026-11-21T13:00:00Z");
    const { cookie } = await evaSession();
    for (let step = 1; step <= 7; step++) {
      later(minutes(15));
      expect((await readSession(requestWithCookies(url, cookie), "client")).status).toBe("ok");
    }
    later(minutes(15) - 1_000);
    expect((await requireClient(requestWithCookies(url, cookie))).clientId).toBe(evaId);
    later(1_000);
    expect((await readSession(requestWithCookies(url, cookie), "client")).status).toBe("invalid");
  });

  it("end a client session after 20 idle minutes", async () => {
    startClock("2026-11-21T15:00:00Z");
    const { cookie } = await evaSession();
    later(minutes(20) + 1_000);
    expect((await readSession(requestWithCookies(url, cookie), "client")).status).toBe("invalid");
  });

  it("do not end an active staff session at 2 hours: it holds until 10 hours", async () => {
    startClock("2026-11-21T06:00:00Z");
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    expect(cookie).toMatch(/Max-Age=36000/);

    for (let step = 1; step <= 12; step++) {
      later(minutes(15));
      const read = await readSession(requestWithCookies(url, cookie), "staff");
      expect(read.status, `after ${step * 15} minutes`).toBe("ok");
      if (read.status !== "ok") return;
      expect(read.session.absoluteExpiresAt.toISOString()).toBe("2026-11-21T16:00:00.000Z");
      expect(read.session.expiresAt.getTime()).toBe(Date.now() + minutes(20));
    }
  });
});
