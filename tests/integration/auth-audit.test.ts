import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema";
import { demoPassword } from "../../db/seed";
import type { HttpFacts } from "~/access/actor";
import type { EidIdentity } from "~/lib/auth/eid.server";
import { createClientSession, createStaffSession, readSession } from "~/lib/auth/session.server";
import { db } from "~/lib/db.server";
import { luhnCheckDigit } from "~/lib/personnummer";
import { signInClient } from "~/services/auth/client-auth.server";
import { signInWithPassword, signOut, verifySecondFactor } from "~/services/auth/staff-auth.server";
import { useTestDatabase } from "../support/database";
import { demoClient, demoCode, requestWithCookies, seedDemo, staffByEmail } from "../support/fixtures";

useTestDatabase();

const url = "http://localhost/account";
let evaId: string;

beforeAll(async () => {
  await seedDemo();
  evaId = (await demoClient("Eva")).id;
});

/** Facts of one request; its events are found again by the request id. */
const request = (id: string): HttpFacts => ({ requestId: `auth-audit-${id}`, clientIp: "192.0.2.44" });

const eventsOf = (facts: HttpFacts) =>
  db().select().from(auditEvents).where(eq(auditEvents.requestId, facts.requestId!)).orderBy(asc(auditEvents.id));

async function sessionOf(kind: "staff" | "client", cookie: string) {
  const read = await readSession(requestWithCookies(url, cookie), kind);
  if (read.status !== "ok") throw new Error(`no ${kind} session`);
  return read.session;
}

const identity = (overrides: Partial<EidIdentity> = {}): EidIdentity => ({
  personnummer: "198804129826",
  givenName: "Eva",
  familyName: "Andersson",
  authTime: new Date(),
  idTokenRef: "b".repeat(64),
  returnTo: "/me",
  signingId: undefined,
  ...overrides,
});

describe("the audit trail of signing in and out", () => {
  it("records a staff sign-in: the password step, a refused code, and the sign-in with user, unit, organisation and role", async () => {
    const oskar = await staffByEmail("oskar.lind@fk.samsyn.example");
    const passwordStep = request("password");
    const codeStep = request("code");

    const step1 = await signInWithPassword({ email: oskar.email, password: demoPassword }, passwordStep);
    if (!step1.ok) throw new Error("password refused");
    const pending = await sessionOf("staff", step1.cookie);
    expect((await verifySecondFactor(pending, { code: "000000", method: "totp" }, codeStep)).ok).toBe(false);
    expect((await verifySecondFactor(pending, { code: demoCode(), method: "totp" }, codeStep)).ok).toBe(true);

    expect(await eventsOf(passwordStep)).toMatchObject([
      {
        action: "auth.password",
        outcome: "success",
        actorUserId: oskar.id,
        organizationId: oskar.organizationId,
        unitId: oskar.unitId,
        role: "case_officer",
        details: { ip: "192.0.2.44" },
      },
    ]);
    const events = await eventsOf(codeStep);
    expect(events).toMatchObject([
      { action: "auth.second_factor", outcome: "failure", reason: "invalid_totp", actorUserId: oskar.id, organizationId: oskar.organizationId, unitId: oskar.unitId },
      {
        action: "auth.sign_in",
        outcome: "success",
        reason: "totp",
        actorType: "staff",
        actorUserId: oskar.id,
        organizationId: oskar.organizationId,
        unitId: oskar.unitId,
        role: "case_officer",
        clientId: null,
        details: { ip: "192.0.2.44" },
      },
    ]);
  });

  it("records a staff sign-out, which ends only that session", async () => {
    const karin = await staffByEmail("karin.sjoberg@fk.samsyn.example");
    const here = await createStaffSession(karin.id, { mfaVerified: true });
    const elsewhere = await createStaffSession(karin.id, { mfaVerified: true });
    const facts = request("sign-out");

    const clear = await signOut("staff", await sessionOf("staff", here.cookie), false, facts);

    expect(clear).toMatch(/^samsyn-staff=; /);
    expect((await readSession(requestWithCookies(url, here.cookie), "staff")).status).toBe("invalid");
    expect((await readSession(requestWithCookies(url, elsewhere.cookie), "staff")).status).toBe("ok");
    expect(await eventsOf(facts)).toMatchObject([{ action: "auth.sign_out", outcome: "success", actorType: "staff", actorUserId: karin.id, organizationId: karin.organizationId, unitId: karin.unitId, role: "case_officer" }]);
  });

  it("records a staff sign-out everywhere, which ends every session of the user", async () => {
    const oskar = await staffByEmail("oskar.lind@fk.samsyn.example");
    const sessions = [await createStaffSession(oskar.id, { mfaVerified: true }), await createStaffSession(oskar.id, { mfaVerified: true })];
    const facts = request("everywhere");

    await signOut("staff", await sessionOf("staff", sessions[0]!.cookie), true, facts);

    for (const { cookie } of sessions) expect((await readSession(requestWithCookies(url, cookie), "staff")).status).toBe("invalid");
    expect(await eventsOf(facts)).toMatchObject([{ action: "auth.sign_out_everywhere", outcome: "success", actorType: "staff", actorUserId: oskar.id }]);
  });

  it("records a client's e-ID sign-in with the client and the ID token reference, never the personal identity number", async () => {
    const facts = request("eid");
    const result = await signInClient(identity(), facts);
    expect(result.known).toBe(true);
    if (!result.known) return;
    expect((await sessionOf("client", result.cookie)).userId).toBe(evaId);

    const events = await eventsOf(facts);
    expect(events).toMatchObject([
      {
        action: "auth.client_sign_in",
        outcome: "success",
        actorType: "client",
        actorClientId: evaId,
        clientId: evaId,
        actorUserId: null,
        details: { idTokenRef: "b".repeat(64), ip: "192.0.2.44" },
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/19880412|880412-?9826/);
  });

  it("records a refused e-ID sign-in of a person Samsyn does not know, without the number", async () => {
    const facts = request("eid-unknown");
    const stranger = `19900101998${luhnCheckDigit("900101998")}`;
    expect(await signInClient(identity({ personnummer: stranger, givenName: "Kim" }), facts)).toEqual({ known: false });
    const events = await eventsOf(facts);
    expect(events).toMatchObject([{ action: "auth.client_sign_in", outcome: "failure", reason: "unknown_person", actorType: "anonymous", clientId: null }]);
    expect(JSON.stringify(events)).not.toContain(stranger.slice(2));
  });

  it("records a client's sign-out and sign-out everywhere", async () => {
    const sessions = [
      await createClientSession(evaId, { idTokenRef: "c".repeat(64), authTime: new Date() }),
      await createClientSession(evaId, { idTokenRef: "d".repeat(64), authTime: new Date() }),
      await createClientSession(evaId, { idTokenRef: "e".repeat(64), authTime: new Date() }),
    ];
    const once = request("client-sign-out");
    await signOut("client", await sessionOf("client", sessions[0]!.cookie), false, once);
    expect((await readSession(requestWithCookies(url, sessions[1]!.cookie), "client")).status).toBe("ok");
    expect(await eventsOf(once)).toMatchObject([{ action: "auth.sign_out", outcome: "success", actorType: "client", actorClientId: evaId, clientId: evaId }]);

    const everywhere = request("client-everywhere");
    await signOut("client", await sessionOf("client", sessions[1]!.cookie), true, everywhere);
    for (const { cookie } of sessions) expect((await readSession(requestWithCookies(url, cookie), "client")).status).toBe("invalid");
    expect(await eventsOf(everywhere)).toMatchObject([
      { action: "auth.sign_out_everywhere", outcome: "success", actorType: "client", actorClientId: evaId, clientId: evaId },
    ]);
  });
});
