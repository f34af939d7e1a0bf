import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, messages, orgUnits, staffUnitMemberships } from "../../db/schema";
import { requireOfficerIn } from "~/access/guards.server";
import { installJobQueue } from "~/jobs.server";
import { db, getDatabase } from "~/lib/db.server";
import { furtherUnitsOf, setFurtherUnits } from "~/services/directory/staff-admin.server";
import type { MessageInput } from "~/services/messages/forms";
import { countUnopenedMessages, listMailbox, openThread } from "~/services/messages/mailbox.server";
import { sendMessage } from "~/services/messages/send.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";
import { refusal } from "../support/refusals";
import { messageInput } from "../support/messages";
import { requestWithCookies } from "../support/fixtures";
import { appRoutes, callRoute } from "../support/routes";
import { createStaffSession } from "~/lib/auth/session.server";

/**
 * A staff member who works in several units (Maria covers two health centres) reads and writes in
 * each unit's functional mailbox, choosing the unit she acts as; anyone else asking for a unit they
 * do not work in is not let in. The organisation's administrator sets the further units.
 */
useTestDatabase();

const unit: Record<string, string> = {};
beforeAll(async () => {
  await seedDemo();
  await installJobQueue(getDatabase());
  for (const row of await db().select().from(orgUnits)) unit[row.mailbox] = row.id;
});

const svenstavik = () => unit["rehab.svenstavik@rjh.samsyn.example"]!;
const ostersund = () => unit["rehab.ostersund@rjh.samsyn.example"]!;
const af = () => unit["ostersund@af.samsyn.example"]!;

/** The status of what a guard threw (a Response, or the frame's `data(…, { status })`). */
const statusOf = (thrown: unknown) => (thrown instanceof Response ? thrown.status : (thrown as { init?: { status?: number } } | null)?.init?.status);

async function signedIn(userId: string): Promise<string> {
  const { cookie } = await createStaffSession(userId, { mfaVerified: true });
  return cookie;
}

const message = (overrides: Partial<MessageInput>): MessageInput => messageInput({ recipientUnitId: ostersund(), subject: "Remiss till rehabkoordinator", content: "Hej!", ...overrides });

describe("acting in one of one's units", () => {
  it("lets Maria act in either of her units, and no one in a unit they do not work in (404)", async () => {
    const cookie = await signedIn("demo-maria");
    const request = () => requestWithCookies("http://localhost/messages", cookie);
    expect((await requireOfficerIn(request(), null)).unitId).toBe(svenstavik());
    const there = await requireOfficerIn(request(), ostersund());
    expect(there.unitId).toBe(ostersund());
    expect(there.workUnitIds).toEqual([svenstavik(), ostersund()]);
    expect(statusOf(await requireOfficerIn(request(), af()).catch((thrown: unknown) => thrown))).toBe(404);
    expect(statusOf(await requireOfficerIn(requestWithCookies("http://localhost/messages", await signedIn("demo-erik")), ostersund()).catch((thrown: unknown) => thrown))).toBe(404);
  });

  it("shows each mailbox as its own, counts both in the header, and sends as the unit chosen", async () => {
    const erik = await staffActor("erik.holm@af.samsyn.example");
    const { messageId } = await viaGate(erik, sendMessage, message({}), []);
    const maria = await staffActor("maria.nilsson@rjh.samsyn.example");
    const atOstersund = { ...maria, unitId: ostersund(), workUnitIds: [svenstavik(), ostersund()] };
    expect(await countUnopenedMessages([svenstavik(), ostersund()])).toBeGreaterThanOrEqual(1);

    const home = await viaGate(maria, listMailbox, { folder: "inbox", filter: "all", search: "", after: "" });
    expect(home.lines.map((line) => line.id)).not.toContain(messageId);
    const other = await viaGate(atOstersund, listMailbox, { folder: "inbox", filter: "all", search: "", after: "" });
    expect(other.lines.map((line) => line.id)).toContain(messageId);
    // Outside the unit that received it, the message does not exist.
    expect(await refusal(viaGate(maria, openThread, messageId))).toMatchObject({ status: 404 });
    const thread = await viaGate(atOstersund, openThread, messageId);
    expect(thread.messages[0]!.receipts.opened).toMatchObject({ by: "Maria Nilsson", unit: { unit: "Rehabkoordinering, Östersunds sjukhus" } });

    // The reply goes out as the unit she acts in, and the trail records that unit.
    const reply = await viaGate(atOstersund, sendMessage, message({ recipientUnitId: af(), inReplyTo: messageId, subject: "Sv: Remiss" }), []);
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.actorUserId, "demo-maria")).orderBy(desc(auditEvents.id)).limit(1);
    expect(event).toMatchObject({ unitId: ostersund() });
    expect(JSON.stringify(event!.reads)).toContain(reply.messageId);
    const sent = await viaGate(atOstersund, listMailbox, { folder: "sent", filter: "all", search: "", after: "" });
    expect(sent.lines.find((line) => line.id === reply.messageId)).toMatchObject({ received: false, counterpart: { unit: "Arbetsförmedlingen Östersund" } });
    expect((await db().select({ unit: messages.senderUnitId }).from(messages).where(eq(messages.id, reply.messageId)))[0]!.unit).toBe(ostersund());
  });
});

describe("the pages, with ?unit=", () => {
  it("show Maria the mailbox she picks, keep her in it, and answer 404 for a unit she does not work in", async () => {
    const erik = await staffActor("erik.holm@af.samsyn.example");
    const { messageId } = await viaGate(erik, sendMessage, message({ subject: "Till Östersunds sjukhus" }), []);
    const route = (file: string) => appRoutes.find((candidate) => candidate.file === file)!;
    const cookie = (await signedIn("demo-maria")).split(";")[0]!;
    const mailbox = await callRoute(route("messages._index.tsx"), { cookie, search: `?unit=${ostersund()}` });
    expect(mailbox.status).toBe(200);
    expect(mailbox.text).toContain("Till Östersunds sjukhus");
    expect(mailbox.text).toContain("Rehabkoordinering, Hälsocentralen Svenstavik");
    const home = await callRoute(route("messages._index.tsx"), { cookie });
    expect(home.text).not.toContain("Till Östersunds sjukhus");
    expect((await callRoute(route("messages.$messageId.tsx"), { cookie, params: { messageId } })).status).toBe(404);
    const opened = await callRoute(route("messages.$messageId.tsx"), { cookie, params: { messageId }, search: `?unit=${ostersund()}` });
    expect(opened.status).toBe(200);
    expect(opened.text).toContain(`unit=${ostersund()}`);
    expect((await callRoute(route("messages._index.tsx"), { cookie, search: `?unit=${af()}` })).status).toBe(404);
    expect((await callRoute(route("messages._index.tsx"), { cookie, search: "?unit=not-a-unit" })).status).toBe(404);
    // Writing as the other unit: the form says so, and the message goes out from it.
    const form = await callRoute(route("messages.new.tsx"), { cookie, search: `?unit=${ostersund()}` });
    expect(JSON.parse(form.text!).options.sender.unit).toBe("Rehabkoordinering, Östersunds sjukhus");
    const body = new URLSearchParams({ recipientUnitId: af(), subject: "Från Östersund", content: "Hej", basis: "consent" });
    const sent = await callRoute(route("messages.new.tsx"), { method: "POST", cookie, search: `?unit=${ostersund()}`, body: body.toString() });
    expect(sent.status).toBe(302);
    expect(sent.location).toContain(`unit=${ostersund()}`);
  });
});

describe("the administrator sets the further units", () => {
  it("adds and removes units of the own organisation only, recorded", async () => {
    const admin = await staffActor("admin@rjh.samsyn.example");
    expect(await furtherUnitsOf(admin, "demo-maria")).toEqual([ostersund()]);
    await setFurtherUnits(admin, "demo-maria", [], admin.http);
    expect(await furtherUnitsOf(admin, "demo-maria")).toEqual([]);
    expect(await refusal(setFurtherUnits(admin, "demo-maria", [af()], admin.http))).toMatchObject({ code: "admin.unit_invalid" });
    expect(await db().select().from(staffUnitMemberships).where(eq(staffUnitMemberships.userId, "demo-maria"))).toHaveLength(0);
    await setFurtherUnits(admin, "demo-maria", [ostersund(), svenstavik()], admin.http);
    expect(await furtherUnitsOf(admin, "demo-maria")).toEqual([ostersund()]);
    const changes = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "admin.units_changed"), eq(auditEvents.resourceId, "demo-maria")));
    expect(changes.map((change) => change.details)).toEqual([
      expect.objectContaining({ added: [], removed: [ostersund()] }),
      expect.objectContaining({ added: [ostersund()], removed: [] }),
    ]);
    // Another organisation's administrator does not find her.
    const otherAdmin = await staffActor("admin@af.samsyn.example");
    expect(await refusal(setFurtherUnits(otherAdmin, "demo-maria", [], otherAdmin.http))).toMatchObject({ status: 404 });
  });
});
