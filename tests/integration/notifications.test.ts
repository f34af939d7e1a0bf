import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";
import { countUnread, listNotifications, markAllRead, notifyClient, notifyUnits } from "~/services/notifications/notifications.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClientActor, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/** The bell: notices go to a unit's functional mailbox (or a client), are counted until read, and come once per key. */
useTestDatabase();
const r1 = "00000000-0000-4000-8000-0000000000a1";
const a1 = "00000000-0000-4000-8000-0000000000a2";
let erik: StaffActor, fatima: StaffActor, sara: StaffActor;
let eva: ClientActor;

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  fatima = await staffActor("fatima.hassan@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  eva = await demoClientActor("Eva");
});

describe("notifications", () => {
  it("reach every officer of the unit, are counted until read, and marking them read is for the whole unit", async () => {
    const before = await countUnread(erik);
    expect(await notifyUnits(db(), [erik.unitId, erik.unitId], { kind: "request.submitted", subjectId: r1 })).toBe(1);
    expect(await countUnread(erik)).toBe(before + 1);
    expect(await countUnread(fatima)).toBe(before + 1);
    expect((await viaGate(fatima, listNotifications)).notices[0]).toMatchObject({ kind: "request.submitted", subjectId: r1, read: false });
    // Another unit sees nothing of it.
    expect((await viaGate(sara, listNotifications)).notices.some((notice) => notice.subjectId === r1)).toBe(false);
    await markAllRead(fatima);
    expect(await countUnread(erik)).toBe(0);
    expect((await viaGate(erik, listNotifications)).notices[0]).toMatchObject({ subjectId: r1, read: true });
  });

  it("come once per key, however often the same reminder is sent", async () => {
    const reminder = { kind: "plan.follow_up_today", caseId: undefined, subjectId: a1, dedupeKey: `follow-up:${a1}:2026-12-01:today` };
    expect(await notifyUnits(db(), [erik.unitId], reminder)).toBe(1);
    expect(await notifyUnits(db(), [erik.unitId], reminder)).toBe(0);
    expect((await viaGate(erik, listNotifications)).notices.filter((notice) => notice.subjectId === a1)).toHaveLength(1);
  });

  it("reach the client on their own, and only them", async () => {
    const before = await countUnread(eva);
    await notifyClient(db(), eva.clientId, { kind: "plan.changed" });
    expect(await countUnread(eva)).toBe(before + 1);
    expect((await viaGate(eva, listNotifications)).notices[0]).toMatchObject({ kind: "plan.changed", read: false });
    expect((await viaGate(erik, listNotifications)).notices.some((notice) => notice.kind === "plan.changed")).toBe(false);
    await markAllRead(eva);
    expect(await countUnread(eva)).toBe(0);
  });

  it("lead to a case only while the gate lets the unit see it, and the decision is recorded", async () => {
    const evaCase = await demoCaseOf("Eva");
    const karin = await staffActor("karin.sjoberg@fk.samsyn.example");
    await notifyUnits(db(), [erik.unitId, karin.unitId], { kind: "plan.proposal", caseId: evaCase.id, subjectId: a1 });
    // AF takes part in Eva's case through her consent; Försäkringskassan does not.
    expect((await viaGate(erik, listNotifications)).notices[0]).toMatchObject({ kind: "plan.proposal", caseId: evaCase.id, subjectId: a1 });
    expect((await viaGate(karin, listNotifications)).notices[0]).toMatchObject({ kind: "plan.proposal", caseId: null, subjectId: null });
    const [recorded] = await db().select().from(auditEvents).where(eq(auditEvents.actorUserId, karin.userId)).orderBy(desc(auditEvents.id)).limit(1);
    expect(recorded).toMatchObject({ clientId: eva.clientId, outcome: "withheld", resourceType: "notice", reason: "no_consent" });
  });
});
