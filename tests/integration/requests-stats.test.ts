import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cases, clients, infoRequestItems, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { swedishToday } from "~/lib/calendar";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { sendAnswer } from "~/services/requests-answer.server";
import { claimRequest, listInbox } from "~/services/requests-inbox.server";
import { leadTimeStats } from "~/services/requests-stats.server";
import { saveRequest, withdrawRequest } from "~/services/requests.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";

/**
 * Lead times at the receiving unit, with the clock set: two answered requests (2 h and 10 h),
 * one overdue, one withdrawn, and the demo world's pending one.
 */
useTestDatabase();
afterEach(() => vi.useRealTimers());

const hour = 3_600_000;
const day = 24 * hour;
let erik: StaffActor, sara: StaffActor, karin: StaffActor, lena: StaffActor;
let caseId: string;
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
  return saveRequest(sara, caseId, {
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
  await claimRequest(erik, id);
  const [item] = await db().select().from(infoRequestItems).where(eq(infoRequestItems.requestId, id));
  await sendAnswer(erik, id, { [item!.id]: { decision, reason: decision === "declined" ? "does_not_exist" : "", reasonText: "", fields: decision === "released" ? { daysUsed: "200" } : {} } });
}

let overdueId: string;

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  const [eva] = await db().select().from(clients).where(eq(clients.givenName, "Eva"));
  caseId = (await db().select().from(cases).where(eq(cases.clientId, eva!.id)))[0]!.id;
  afUnit = (await db().select().from(orgUnits).where(eq(orgUnits.mailbox, "ostersund@af.samsyn.example")))[0]!.id;

  const a = await ask(real - 10 * day, 5);
  await answer(a, real - 10 * day + 2 * hour, "released");
  const b = await ask(real - 9 * day, 5);
  await answer(b, real - 9 * day + 10 * hour, "declined");
  overdueId = await ask(real - 8 * day, 1);
  const d = await ask(real - 7 * day, 5);
  at(real - 7 * day + hour);
  await withdrawRequest(sara, d);
  vi.useRealTimers();
});

describe("lead times per unit", () => {
  it("counts per state, median and 90th percentile from submitted to answered, and weekly rows that add up", async () => {
    const stats = await leadTimeStats(erik, {});
    expect(stats.unit.mailbox).toBe("ostersund@af.samsyn.example");
    expect(stats.counts).toEqual({ submitted: 2, in_review: 0, answered: 1, partly_answered: 0, declined: 1, withdrawn: 1 });
    expect(stats.total).toBe(5);
    expect(stats.answered).toBe(2);
    expect(stats.medianHours).toBeCloseTo(6, 5);
    expect(stats.p90Hours).toBeCloseTo(10, 5);
    expect(stats.weeks.reduce((sum, week) => sum + week.submitted, 0)).toBe(5);
    expect(stats.weeks.reduce((sum, week) => sum + week.answered, 0)).toBe(2);
    expect(stats.weeks.length).toBeGreaterThanOrEqual(12);
  });

  it("lists what is overdue now, and marks it in the queue", async () => {
    const stats = await leadTimeStats(erik, {});
    expect(stats.overdue.map((row) => row.id)).toEqual([overdueId]);
    expect(stats.overdue[0]!.daysLate).toBe(7);
    const { open } = await listInbox(erik);
    expect(open.find((row) => row.id === overdueId)).toMatchObject({ overdue: true });
    expect(open.filter((row) => row.overdue)).toHaveLength(1);
  });

  it("follows the chosen period, refuses a backwards one, and belongs to officers of the unit", async () => {
    const later = await leadTimeStats(erik, { from: dateOf(real - 9 * day), to: dateOf(real) });
    expect(later.total).toBe(4);
    expect(later.medianHours).toBeCloseTo(10, 5);
    const error = await leadTimeStats(erik, { from: dateOf(real), to: dateOf(real - day) }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "request.period_invalid" });
    // A mistyped end date is the same clear refusal, not a server error.
    expect(await leadTimeStats(erik, { to: "2026-13-40" }).catch((caught: unknown) => caught)).toMatchObject({ code: "request.period_invalid" });
    expect((await leadTimeStats(karin, {})).total).toBe(0);
    const denied = await leadTimeStats(lena, {}).catch((caught: unknown) => caught);
    expect(denied).toBeInstanceOf(DomainError);
    expect((denied as DomainError).status).toBe(404);
  });

  it("counts days as Swedish days: half past midnight in Sweden is the new day, though still yesterday in UTC", async () => {
    const halfPastMidnight = Date.UTC(2026, 0, 14, 23, 30); // 00:30 on 15 January in Stockholm
    const id = await ask(halfPastMidnight, 5);
    vi.useRealTimers();
    expect((await leadTimeStats(erik, { from: "2026-01-15", to: "2026-01-15" })).total).toBe(1);
    expect((await leadTimeStats(erik, { from: "2026-01-14", to: "2026-01-14" })).total).toBe(0);
    await withdrawRequest(sara, id);
  });
});
