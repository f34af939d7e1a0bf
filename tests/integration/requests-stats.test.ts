import { desc, eq, gt } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, infoRequestItems, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { swedishToday } from "~/lib/calendar";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { sendAnswer } from "~/services/requests/answer.server";
import { saveRequest, withdrawRequest } from "~/services/requests/ask.server";
import { claimRequest, listInbox } from "~/services/requests/inbox.server";
import * as statsPage from "~/routes/inbox.requests.stats";
import { createStaffSession } from "~/lib/auth/session.server";
import { requestIdRequestHeader } from "~/lib/load-context";
import { leadTimeStats } from "~/services/requests/stats.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClient, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/**
 * Lead times at the receiving unit and at the requesting one, with the clock set: two answered
 * requests (2 h and 10 h), one overdue, one withdrawn, and the demo world's pending one.
 */
useTestDatabase();
afterEach(() => vi.useRealTimers());

const hour = 3_600_000;
const day = 24 * hour;
let erik: StaffActor, sara: StaffActor, karin: StaffActor, lena: StaffActor;
let caseId: string;
let evaId: string;
let afUnit: string;
const real = Date.now();
/** The Swedish date of an instant: the days of periods and due dates are Swedish days. */
const dateOf = (ms: number) => swedishToday(new Date(ms));
const at = (ms: number) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(ms));
};

async function ask(submittedAt: number, desiredInDays: number): Promise<string> {
  at(submittedAt);
  return viaGate(sara, saveRequest, caseId, {
    receivingUnitId: afUnit,
    basis: "legal",
    categoryCodes: ["af.days_used_job"],
    purpose: "Planera försörjningen.",
    legalReference: "SoL 11 kap. 11 §",
    legalJustification: "Prövning av ekonomiskt bistånd.",
    desiredBy: dateOf(submittedAt + desiredInDays * day),
  }, { submit: true });
}

async function answer(id: string, answeredAt: number, decision: "released" | "declined") {
  at(answeredAt);
  await viaGate(erik, claimRequest, id);
  const [item] = await db().select().from(infoRequestItems).where(eq(infoRequestItems.requestId, id));
  await viaGate(erik, sendAnswer, id, { [item!.id]: { decision, reason: decision === "declined" ? "does_not_exist" : "", reasonText: "", fields: decision === "released" ? { daysUsed: "200" } : {} } });
}

let overdueId: string;

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  evaId = (await demoClient("Eva")).id;
  caseId = (await demoCaseOf("Eva")).id;
  afUnit = (await db().select().from(orgUnits).where(eq(orgUnits.mailbox, "ostersund@af.samsyn.example")))[0]!.id;

  const a = await ask(real - 10 * day, 5);
  await answer(a, real - 10 * day + 2 * hour, "released");
  const b = await ask(real - 9 * day, 5);
  await answer(b, real - 9 * day + 10 * hour, "declined");
  overdueId = await ask(real - 8 * day, 1);
  const d = await ask(real - 7 * day, 5);
  at(real - 7 * day + hour);
  await viaGate(sara, withdrawRequest, d);
  vi.useRealTimers();
});

const stats = (actor: StaffActor, input: { from?: string; to?: string }) => viaGate(actor, leadTimeStats, input);

/** The audit events that `call` wrote. */
async function recorded(call: () => Promise<unknown>) {
  const [last] = await db().select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  await call();
  return db().select().from(auditEvents).where(gt(auditEvents.id, last?.id ?? 0)).orderBy(auditEvents.id);
}

describe("lead times per unit", () => {
  it("counts per state, median and 90th percentile from submitted to answered, and weekly rows that add up", async () => {
    const found = await stats(erik, {});
    expect(found.unit.mailbox).toBe("ostersund@af.samsyn.example");
    expect(found.received.counts).toEqual({ submitted: 2, in_review: 0, answered: 1, partly_answered: 0, declined: 1, withdrawn: 1 });
    expect(found.received.total).toBe(5);
    expect(found.received.answered).toBe(2);
    expect(found.received.medianHours).toBeCloseTo(6, 5);
    expect(found.received.p90Hours).toBeCloseTo(10, 5);
    expect(found.received.weeks.reduce((sum, week) => sum + week.submitted, 0)).toBe(5);
    expect(found.received.weeks.reduce((sum, week) => sum + week.answered, 0)).toBe(2);
    expect(found.received.weeks.length).toBeGreaterThanOrEqual(12);
    // AF sent nothing in the period.
    expect(found.sent.total).toBe(0);
  });

  it("shows the requesting unit the lead times of the requests it sent, apart from those it received", async () => {
    const found = await stats(sara, {});
    expect(found.sent.counts).toEqual({ submitted: 2, in_review: 0, answered: 1, partly_answered: 0, declined: 1, withdrawn: 1 });
    expect(found.sent.total).toBe(5);
    expect(found.sent.answered).toBe(2);
    expect(found.sent.medianHours).toBeCloseTo(6, 5);
    expect(found.sent.p90Hours).toBeCloseTo(10, 5);
    expect(found.sent.weeks.reduce((sum, week) => sum + week.answered, 0)).toBe(2);
    // Nothing was asked of the municipality's unit: its received side stays empty, and nothing overdue is its to answer.
    expect(found.received.total).toBe(0);
    expect(found.overdue).toEqual([]);
  });

  it("lists what is overdue now, and marks it in the queue", async () => {
    const found = await stats(erik, {});
    expect(found.overdue.map((row) => row.id)).toEqual([overdueId]);
    expect(found.overdue[0]!.daysLate).toBe(7);
    const { open } = await viaGate(erik, listInbox);
    expect(open.find((row) => row.id === overdueId)).toMatchObject({ overdue: true });
    expect(open.filter((row) => row.overdue)).toHaveLength(1);
  });

  it("records the overdue list: one decision per request it names, in one event for the client, and nothing for the aggregates", async () => {
    const events = await recorded(() => stats(erik, {}));
    // Only Eva's requests are named (the overdue one); the counts and lead times are about no one.
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientId: evaId, action: "request.handle", outcome: "allowed", resourceType: "overdue_request", resourceId: overdueId, caseId });
    expect(events[0]!.reads).toEqual([expect.objectContaining({ action: "request.handle", outcome: "allowed", resourceType: "overdue_request", resourceId: overdueId, caseId, basis: "legal:SoL 11 kap. 11 §" })]);
    // A unit with nothing overdue reads about no one, and nothing is recorded.
    expect(await recorded(() => stats(karin, {}))).toEqual([]);
  });

  it("follows the chosen period, refuses a backwards one, and belongs to officers of the unit", async () => {
    const later = await stats(erik, { from: dateOf(real - 9 * day), to: dateOf(real) });
    expect(later.received.total).toBe(4);
    expect(later.received.medianHours).toBeCloseTo(10, 5);
    expect((await stats(sara, { from: dateOf(real - 9 * day), to: dateOf(real) })).sent.total).toBe(4);
    const error = await stats(erik, { from: dateOf(real), to: dateOf(real - day) }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "request.period_invalid" });
    // A mistyped end date is the same clear refusal, not a server error.
    expect(await stats(erik, { to: "2026-13-40" }).catch((caught: unknown) => caught)).toMatchObject({ code: "request.period_invalid" });
    expect((await stats(karin, {})).received.total).toBe(0);
    expect((await stats(karin, {})).sent.total).toBe(0);
    const denied = await stats(lena, {}).catch((caught: unknown) => caught);
    expect(denied).toBeInstanceOf(DomainError);
    expect((denied as DomainError).status).toBe(404);
  });

  it("counts days as Swedish days: half past midnight in Sweden is the new day, though still yesterday in UTC", async () => {
    const halfPastMidnight = Date.UTC(2026, 0, 14, 23, 30); // 00:30 on 15 January in Stockholm
    const id = await ask(halfPastMidnight, 5);
    vi.useRealTimers();
    expect((await stats(erik, { from: "2026-01-15", to: "2026-01-15" })).received.total).toBe(1);
    expect((await stats(erik, { from: "2026-01-14", to: "2026-01-14" })).received.total).toBe(0);
    expect((await stats(sara, { from: "2026-01-15", to: "2026-01-15" })).sent.total).toBe(1);
    await viaGate(sara, withdrawRequest, id);
  });
});

describe("the lead-time page", () => {
  it("gives the requester both sides through the route: what the unit sent has figures, not zeros", async () => {
    const cookie = (await createStaffSession(sara.userId, { mfaVerified: true })).cookie.split(";")[0]!;
    const request = new Request("http://localhost/inbox/requests/stats", { headers: { Cookie: cookie, [requestIdRequestHeader]: "stats-route-sent" } });
    const result = (await statsPage.loader({ request, params: {}, context: {} } as never)) as { stats: Awaited<ReturnType<typeof leadTimeStats>> };
    expect(result.stats.sent).toMatchObject({ total: 5, answered: 2 });
    expect(result.stats.sent.medianHours).toBeCloseTo(6, 5);
    expect(result.stats.received.total).toBe(0);
  });
});
