import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, orgUnits, staffEnrolments, staffSessions, users } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { requireStaff } from "~/access/guards.server";
import { createStaffSession, readSession } from "~/lib/auth/session.server";
import { sha256 } from "~/lib/auth/tokens.server";
import { db } from "~/lib/db.server";
import {
  createStaffUser,
  deactivateStaffUser,
  getStaffForAdmin,
  reissueEnrolment,
  updateStaffUser,
} from "~/services/directory/staff-admin.server";
import { useTestDatabase } from "../support/database";
import { refusal } from "../support/refusals";
import { facts, requestWithCookies, seedDemo, staffActor, staffByEmail } from "../support/fixtures";

useTestDatabase();

const url = "http://localhost/cases";
let bergAdmin: StaffActor;
/** Admins of every other organisation: Bergs kommun's AME is a separate organisation. */
let foreignAdmins: StaffActor[];
let sara: StaffActor;
let bergUnit: string;
let bergSecondUnit: string;
let afUnit: string;

beforeAll(async () => {
  await seedDemo();
  bergAdmin = await staffActor("admin@berg.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  foreignAdmins = await Promise.all(
    ["admin.ame@berg.samsyn.example", "admin@rjh.samsyn.example", "admin@af.samsyn.example", "admin@fk.samsyn.example"].map(staffActor),
  );
  bergUnit = bergAdmin.unitId;
  afUnit = (await staffActor("erik.holm@af.samsyn.example")).unitId;
  // The demo world has one unit per organisation; moving needs a second one.
  const [second] = await db()
    .insert(orgUnits)
    .values({ organizationId: bergAdmin.organizationId, name: "Mottagningen", mailbox: "mottagning@berg.samsyn.example" })
    .returning();
  bergSecondUnit = second!.id;
});

const adminEventsAbout = (userId: string) =>
  db().select().from(auditEvents).where(eq(auditEvents.resourceId, userId)).orderBy(auditEvents.id);

const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0]!;

describe("an organisation administrator, in their own organisation", () => {
  it("changes a user's role: it is stored, holds from the user's next request, and is audited", async () => {
    const elin = await staffByEmail("elin.strand@berg.samsyn.example");
    const { cookie } = await createStaffSession(elin.id, { mfaVerified: true });
    expect((await requireStaff(requestWithCookies(url, cookie))).role).toBe("case_officer");

    await updateStaffUser(bergAdmin, elin.id, { role: "auditor" }, { requestId: "role-change", clientIp: "203.0.113.9" });

    expect((await userRow(elin.id)).role).toBe("auditor");
    expect((await requireStaff(requestWithCookies(url, cookie))).role).toBe("auditor");
    const events = await adminEventsAbout(elin.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "admin.role_changed",
      outcome: "success",
      actorType: "staff",
      actorUserId: bergAdmin.userId,
      organizationId: bergAdmin.organizationId,
      unitId: bergAdmin.unitId,
      role: "org_admin",
      resourceType: "user",
      resourceId: elin.id,
      requestId: "role-change",
      details: { from: "case_officer", to: "auditor", ip: "203.0.113.9" },
    });
  });

  it("moves a user to another unit of the organisation: it is stored and audited", async () => {
    const johanna = await staffByEmail("johanna.berg@berg.samsyn.example");
    expect(johanna.unitId).toBe(bergUnit);

    await updateStaffUser(bergAdmin, johanna.id, { unitId: bergSecondUnit }, facts);

    expect((await userRow(johanna.id)).unitId).toBe(bergSecondUnit);
    const events = await adminEventsAbout(johanna.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "admin.unit_changed",
      outcome: "success",
      actorType: "staff",
      actorUserId: bergAdmin.userId,
      organizationId: bergAdmin.organizationId,
      resourceId: johanna.id,
      details: { from: bergUnit, to: bergSecondUnit },
    });
  });

  it("records nothing when the role or unit asked for is the one the user already has", async () => {
    const mohammed = await staffByEmail("mohammed.ali@berg.samsyn.example");
    await updateStaffUser(bergAdmin, mohammed.id, { role: mohammed.role }, facts);
    await updateStaffUser(bergAdmin, mohammed.id, { unitId: mohammed.unitId }, facts);
    expect(await adminEventsAbout(mohammed.id)).toEqual([]);
  });

  it("creates a user in the own organisation with a one-time enrolment link, and audits it", async () => {
    const input = { name: "Nora Ny", title: "Socialsekreterare", email: "nora.ny@berg.samsyn.example", role: "case_officer" as const, unitId: bergSecondUnit };
    const { userId, token } = await createStaffUser(bergAdmin, input, facts);

    const created = await userRow(userId);
    expect(created).toMatchObject({ organizationId: bergAdmin.organizationId, unitId: bergSecondUnit, role: "case_officer", active: true, passwordHash: null });
    const enrolments = await db().select().from(staffEnrolments).where(eq(staffEnrolments.userId, userId));
    expect(enrolments).toHaveLength(1);
    expect(enrolments[0]).toMatchObject({ tokenHash: sha256(token), createdBy: bergAdmin.userId, usedAt: null });
    expect(JSON.stringify(enrolments)).not.toContain(token);
    expect(await adminEventsAbout(userId)).toMatchObject([
      { action: "admin.user_created", outcome: "success", actorUserId: bergAdmin.userId, organizationId: bergAdmin.organizationId },
    ]);

    expect((await refusal(createStaffUser(bergAdmin, { ...input, name: "Another" }, facts))).code).toBe("admin.email_taken");
    expect((await refusal(createStaffUser(bergAdmin, { ...input, email: "elsewhere@berg.samsyn.example", unitId: afUnit }, facts))).code).toBe(
      "admin.unit_invalid",
    );
    expect(await db().select().from(users).where(eq(users.email, "elsewhere@berg.samsyn.example"))).toEqual([]);
  });

  it("deactivates a user: every session ends at once, and it is audited once", async () => {
    const linnea = await staffByEmail("linnea.berg@berg.samsyn.example");
    const ameAdmin = foreignAdmins[0]!;
    const sessions = [await createStaffSession(linnea.id, { mfaVerified: true }), await createStaffSession(linnea.id, { mfaVerified: true })];

    await deactivateStaffUser(ameAdmin, linnea.id, facts);
    await deactivateStaffUser(ameAdmin, linnea.id, facts);

    const row = await userRow(linnea.id);
    expect(row.active).toBe(false);
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    // Gone from the database, not merely refused when next read.
    expect(await db().select().from(staffSessions).where(eq(staffSessions.userId, linnea.id))).toEqual([]);
    for (const { cookie } of sessions) expect((await readSession(requestWithCookies(url, cookie), "staff")).status).toBe("invalid");
    expect(await adminEventsAbout(linnea.id)).toMatchObject([
      { action: "admin.user_deactivated", outcome: "success", actorUserId: ameAdmin.userId, organizationId: ameAdmin.organizationId },
    ]);
    expect((await refusal(reissueEnrolment(ameAdmin, linnea.id, facts))).code).toBe("admin.user_inactive");
  });

  it("cannot change their own role or deactivate themselves", async () => {
    const roleRefused = await refusal(updateStaffUser(bergAdmin, bergAdmin.userId, { role: "case_officer" }, facts));
    expect(roleRefused.code).toBe("admin.cannot_change_self");
    const deactivateRefused = await refusal(deactivateStaffUser(bergAdmin, bergAdmin.userId, facts));
    expect(deactivateRefused.code).toBe("admin.cannot_change_self");
    expect(await userRow(bergAdmin.userId)).toMatchObject({ role: "org_admin", active: true });
    expect(await adminEventsAbout(bergAdmin.userId)).toEqual([]);
  });
});

describe("an organisation administrator, outside their own organisation", () => {
  it("cannot see, change the role of, move, re-enrol or deactivate another organisation's user: not found, nothing changes", async () => {
    const mohammed = await staffByEmail("mohammed.ali@berg.samsyn.example");
    const { cookie } = await createStaffSession(mohammed.id, { mfaVerified: true });

    for (const admin of foreignAdmins) {
      const attempts = {
        read: () => getStaffForAdmin(admin, mohammed.id),
        role: () => updateStaffUser(admin, mohammed.id, { role: "org_admin" }, facts),
        // Into the admin's own unit, the one place the unit check alone would let through.
        move: () => updateStaffUser(admin, mohammed.id, { unitId: admin.unitId }, facts),
        reissue: () => reissueEnrolment(admin, mohammed.id, facts),
        deactivate: () => deactivateStaffUser(admin, mohammed.id, facts),
      };
      for (const [what, attempt] of Object.entries(attempts)) {
        const error = await refusal(attempt());
        expect({ admin: admin.email, what, code: error.code, status: error.status }).toEqual({ admin: admin.email, what, code: "not_found", status: 404 });
      }
    }

    expect(await userRow(mohammed.id)).toEqual(mohammed);
    // Nothing changed, and every attempt is on record as denied.
    const events = await adminEventsAbout(mohammed.id);
    expect(events).toHaveLength(foreignAdmins.length * 5);
    expect(events.every((event) => event.action === "admin.user_access" && event.outcome === "denied" && event.reason === "not_own_organization")).toBe(true);
    expect(await db().select().from(staffEnrolments).where(eq(staffEnrolments.userId, mohammed.id))).toEqual([]);
    expect((await readSession(requestWithCookies(url, cookie), "staff")).status).toBe("ok");
  });

  it("cannot move an own user to a unit of another organisation, or to a unit that does not exist", async () => {
    for (const unitId of [afUnit, foreignAdmins[0]!.unitId, "00000000-0000-4000-8000-000000000000"]) {
      const error = await refusal(updateStaffUser(bergAdmin, sara.userId, { unitId }, facts));
      expect({ unitId, code: error.code }).toEqual({ unitId, code: "admin.unit_invalid" });
    }
    expect((await userRow(sara.userId)).unitId).toBe(bergUnit);
    expect(await adminEventsAbout(sara.userId)).toEqual([]);
  });

  it("saves the edit form's role and unit together or not at all", async () => {
    const error = await refusal(updateStaffUser(bergAdmin, sara.userId, { role: "auditor", unitId: afUnit }, facts));
    expect(error.code).toBe("admin.unit_invalid");
    expect(await userRow(sara.userId)).toMatchObject({ role: "case_officer", unitId: bergUnit });
    expect(await adminEventsAbout(sara.userId)).toEqual([]);
  });
});

describe("a user who is not an organisation administrator", () => {
  it("is refused every administration service, even in their own organisation", async () => {
    const elin = await staffByEmail("elin.strand@berg.samsyn.example");
    const johanna = await staffByEmail("johanna.berg@berg.samsyn.example");
    const attempts = {
      read: () => getStaffForAdmin(sara, johanna.id),
      create: () => createStaffUser(sara, { name: "X", title: "Y", email: "x@berg.samsyn.example", role: "org_admin", unitId: bergUnit }, facts),
      role: () => updateStaffUser(sara, johanna.id, { role: "org_admin" }, facts),
      move: () => updateStaffUser(sara, johanna.id, { unitId: bergUnit }, facts),
      reissue: () => reissueEnrolment(sara, johanna.id, facts),
      deactivate: () => deactivateStaffUser(sara, elin.id, facts),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      const error = await refusal(attempt());
      expect({ what, code: error.code, status: error.status }).toEqual({ what, code: "auth.forbidden", status: 403 });
    }
    expect(await userRow(johanna.id)).toEqual(johanna);
    expect((await userRow(elin.id)).active).toBe(true);
    expect(await db().select().from(users).where(eq(users.email, "x@berg.samsyn.example"))).toEqual([]);
    expect(await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, sara.userId), like(auditEvents.action, "admin.%")))).toEqual([]);
  });
});
