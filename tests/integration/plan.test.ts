import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, cases, clients, notifications, orgUnits, planActivities, users } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { addDays, swedishToday, workingDaysBefore } from "~/lib/calendar";
import { db, getDatabase } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { startJobs } from "~/jobs.server";
import { activityFormOptions, getItemHistory, getPlan, listFollowUps, recentActivity } from "~/services/plan.server";
import { commentOnGoal, createActivity, decideProposal, saveGoal, updateActivity, VersionConflict, type ActivityInput } from "~/services/plan-edit.server";
import { sendFollowUpReminders } from "~/services/plan-reminders.server";
import { useTestDatabase } from "../support/database";
import { facts, seedDemo, staffActor } from "../support/fixtures";

useTestDatabase();
afterEach(() => vi.useRealTimers());

let sara: StaffActor, erik: StaffActor, karin: StaffActor, maria: StaffActor;
let eva: ClientActor;
let caseId: string;
let afUnit: string;
let bergUnit: string;

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  maria = await staffActor("maria.nilsson@rjh.samsyn.example");
  const [evaRow] = await db().select().from(clients).where(eq(clients.givenName, "Eva"));
  eva = { kind: "client", clientId: evaRow!.id, sessionId: "s", name: "Eva Andersson", givenName: "Eva", http: facts };
  caseId = (await db().select().from(cases).where(eq(cases.clientId, eva.clientId)))[0]!.id;
  afUnit = erik.unitId;
  bergUnit = sara.unitId;
});

const activity = (overrides: Partial<ActivityInput> = {}): ActivityInput => ({
  title: "Arbetspraktik på förskola",
  typeCode: "arbetspraktik",
  goalId: null,
  organizationId: erik.organizationId,
  unitId: afUnit,
  assigneeId: erik.userId,
  startDate: "2026-12-01",
  endDate: "2027-02-28",
  extent: 25,
  status: "planned",
  followUpDate: "2026-12-15",
  note: null,
  categoryCode: "af.action_plan",
  ...overrides,
});

async function notFound(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).status).toBe(404);
}

describe("the shared plan", () => {
  it("shows each organisation the activities its consent allows, the rest only as 'an activity by …'", async () => {
    const saras = await getPlan(sara, caseId);
    const erics = await getPlan(erik, caseId);
    const afActivity = saras.activities.find((item) => item.organization === "Arbetsförmedlingen")!;
    expect(afActivity.detail?.title).toBe("Rusta och matcha");
    const municipal = erics.activities.find((item) => item.organization === "Bergs kommun, socialtjänsten")!;
    expect(municipal.detail).toBeNull();
    // The week total counts only what the viewer may see.
    const week = (plan: typeof saras) => plan.weeks.find((candidate) => candidate.weekStart <= plan.today && addDays(candidate.weekStart, 6) >= plan.today)!;
    expect(week(saras).total).toBe(75);
    expect(week(erics).total).toBe(50);
    await notFound(getPlan(karin, caseId));
    expect(await getPlan(eva, caseId)).toMatchObject({ activities: expect.arrayContaining([expect.objectContaining({ detail: expect.objectContaining({ title: "Kartläggning av ekonomin" }) })]) });
  });

  it("shows in the recent-activity feed only what the viewer may see of each activity", async () => {
    const municipal = (await getPlan(sara, caseId)).activities.find((item) => item.organization === "Bergs kommun, socialtjänsten")!;
    const title = municipal.detail!.title;
    expect((await recentActivity(sara, caseId)).some((item) => item.title === title)).toBe(true);
    const eriks = await recentActivity(erik, caseId);
    const hidden = eriks.find((item) => item.kind.startsWith("activity.") && item.organization === "Bergs kommun, socialtjänsten");
    expect(hidden).toMatchObject({ title: null, by: null });
    expect(JSON.stringify(eriks)).not.toContain(title);
    await notFound(recentActivity(karin, caseId));
  });

  it("lets only the responsible organisation edit its activities, and only the lead unit edit goals", async () => {
    // A colleague in another unit of the lead organisation takes part, but does not run the case.
    const [family] = await db().insert(orgUnits).values({ organizationId: sara.organizationId, name: "Familjerätt", mailbox: "familjeratt@berg.samsyn.example" }).returning();
    await db().insert(users).values({ id: "test-familjeratt", organizationId: sara.organizationId, unitId: family!.id, email: "familjeratt@berg.samsyn.example", name: "Familjerättssekreterare", title: "Familjerättssekreterare", role: "case_officer" });
    await notFound(saveGoal(await staffActor("familjeratt@berg.samsyn.example"), caseId, { text: "Annan enhets mål", clientWords: null, targetDate: null, status: "active" }));
    const id = await createActivity(erik, caseId, activity());
    await notFound(updateActivity(sara, id, activity({ organizationId: erik.organizationId, title: "Ändrat av kommunen" }), 1));
    await notFound(createActivity(maria, caseId, activity({ organizationId: maria.organizationId })));
    await notFound(saveGoal(erik, caseId, { text: "AF:s mål", clientWords: null, targetDate: null, status: "active" }));
    const goalId = await saveGoal(sara, caseId, { text: "Körkort", clientWords: null, targetDate: "2027-06-01", status: "active" });
    expect((await getPlan(erik, caseId)).goals.map((goal) => goal.id)).toContain(goalId);
    await expect(createActivity(erik, caseId, activity({ categoryCode: "municipality.social_plan" }))).rejects.toMatchObject({ code: "plan.category_required" });
    await expect(createActivity(erik, caseId, activity({ unitId: bergUnit }))).rejects.toMatchObject({ code: "plan.unit_required" });
  });

  it("catches a concurrent edit: the second save gets the first person's version, and the first stays", async () => {
    const id = await createActivity(erik, caseId, activity({ title: "Språkpraktik" }));
    await updateActivity(erik, id, activity({ title: "Språkpraktik, 4 dagar" }), 1);
    const error = await updateActivity(erik, id, activity({ title: "Språkpraktik, halvtid" }), 1).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(VersionConflict);
    expect((error as VersionConflict).current).toMatchObject({ title: "Språkpraktik, 4 dagar" });
    expect((error as VersionConflict).currentVersion).toBe(2);
    expect((error as VersionConflict).changedBy).toBe("Erik Holm");
    const [row] = await db().select().from(planActivities).where(eq(planActivities.id, id));
    expect(row).toMatchObject({ title: "Språkpraktik, 4 dagar", version: 2 });
    // Saving again on the version now known replaces it on purpose.
    await updateActivity(erik, id, activity({ title: "Språkpraktik, halvtid" }), 2);
    const history = await getItemHistory(sara, caseId, id);
    expect(history.entries.map((entry) => entry.change)).toEqual(["updated", "updated", "created"]);
    expect(history.entries[0]).toMatchObject({ by: "Erik Holm", before: { title: "Språkpraktik, 4 dagar" }, after: { title: "Språkpraktik, halvtid" } });
    // Names, not ids or codes.
    expect(history.entries[0]!.after).toMatchObject({ unitId: "Arbetsförmedlingen Östersund", assigneeId: "Erik Holm", organizationId: "Arbetsförmedlingen", typeCode: { sv: "Arbetspraktik" } });
    expect(history.entries[0]).toMatchObject({ withheld: false });
  });

  it("catches two colleagues saving the same version: of an activity and of a goal, naming who came first", async () => {
    const fatima = await staffActor("fatima.hassan@af.samsyn.example");
    const id = await createActivity(erik, caseId, activity({ title: "Arbetsprövning" }));
    await updateActivity(erik, id, activity({ title: "Arbetsprövning, tre dagar" }), 1);
    const activityConflict = await updateActivity(fatima, id, activity({ title: "Arbetsprövning, två dagar" }), 1).then(() => null, (caught: unknown) => caught);
    expect(activityConflict).toMatchObject({ changedBy: "Erik Holm", current: { title: "Arbetsprövning, tre dagar" } });

    const johanna = await staffActor("johanna.berg@berg.samsyn.example");
    const goalId = await saveGoal(sara, caseId, { text: "Eget boende", clientWords: null, targetDate: null, status: "active" });
    await saveGoal(sara, caseId, { text: "Eget boende före sommaren", clientWords: null, targetDate: null, status: "active" }, { goalId, version: 1 });
    const goalConflict = await saveGoal(johanna, caseId, { text: "Eget boende i Berg", clientWords: null, targetDate: null, status: "active" }, { goalId, version: 1 }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(goalConflict).toBeInstanceOf(VersionConflict);
    expect(goalConflict).toMatchObject({ changedBy: "Sara Lindqvist", current: { text: "Eget boende före sommaren" } });
  });

  it("withholds the versions of an activity that were in a category not shared with the viewer", async () => {
    // Created under a category Eva's consent does not share with the municipality, then moved to one it does.
    const id = await createActivity(erik, caseId, activity({ title: "Hemlig start", categoryCode: "af.days_used_job" }));
    await notFound(getItemHistory(sara, caseId, id));
    await updateActivity(erik, id, activity({ title: "Delad nu", categoryCode: "af.action_plan" }), 1);
    const saras = await getItemHistory(sara, caseId, id);
    expect(saras.entries.map((entry) => [entry.change, entry.withheld, entry.before, entry.after])).toEqual([
      ["updated", true, null, null],
      ["created", true, null, null],
    ]);
    expect(JSON.stringify(saras)).not.toContain("Hemlig start");
    const eriks = await getItemHistory(erik, caseId, id);
    expect(eriks.entries.map((entry) => entry.withheld)).toEqual([false, false]);
    expect(eriks.entries[1]!.after).toMatchObject({ title: "Hemlig start" });
  });

  it("lets an organisation on the case propose an activity for another, which that organisation accepts", async () => {
    const id = await createActivity(sara, caseId, activity({ title: "Yrkesorientering", typeCode: "yrkesorientering" }));
    const proposed = (await getPlan(erik, caseId)).activities.find((item) => item.id === id)!;
    expect(proposed).toMatchObject({ proposal: "proposed", canDecide: true, canEdit: false, proposedBy: "Bergs kommun, socialtjänsten" });
    const told = await db().select().from(notifications).where(and(eq(notifications.unitId, afUnit), eq(notifications.kind, "plan.proposal")));
    expect(told.map((notice) => notice.subjectId)).toContain(id);
    await notFound(decideProposal(sara, id, true));
    await decideProposal(erik, id, true);
    expect((await getPlan(sara, caseId)).activities.find((item) => item.id === id)).toMatchObject({ proposal: "accepted" });
  });

  it("tells the proposer when a proposal is declined; a proposal is never overdue and is not the client's next follow-up", async () => {
    const id = await createActivity(sara, caseId, activity({ title: "Arbetsträning", followUpDate: addDays(swedishToday(new Date()), -3) }));
    expect((await getPlan(sara, caseId)).activities.find((item) => item.id === id)).toMatchObject({ proposal: "proposed", overdue: false });
    await decideProposal(erik, id, false);
    expect((await getPlan(sara, caseId)).activities.find((item) => item.id === id)).toMatchObject({ proposal: "declined", overdue: false });
    const told = await db().select().from(notifications).where(and(eq(notifications.unitId, bergUnit), eq(notifications.kind, "plan.proposal_declined")));
    expect(told.map((notice) => notice.subjectId)).toContain(id);

    const soonest = addDays(swedishToday(new Date()), 1);
    const proposalTomorrow = await createActivity(sara, caseId, activity({ title: "Förslag i morgon", followUpDate: soonest }));
    const cancelledTomorrow = await createActivity(erik, caseId, activity({ title: "Inställd", followUpDate: soonest, status: "cancelled" }));
    const evasPlan = await getPlan(eva, caseId);
    expect(evasPlan.activities.map((item) => item.id)).toEqual(expect.arrayContaining([proposalTomorrow, cancelledTomorrow]));
    expect(evasPlan.nextFollowUp).not.toBe(soonest);
    expect(evasPlan.nextFollowUp! > soonest).toBe(true);
  });

  it("takes the client's comment on a goal, keeps it in the history and tells the lead unit", async () => {
    const [goal] = (await getPlan(eva, caseId)).goals;
    await commentOnGoal(eva, goal!.id, "Jag kan börja klockan nio.");
    expect((await getPlan(sara, caseId)).goals[0]!.comments.map((comment) => comment.text)).toContain("Jag kan börja klockan nio.");
    expect((await getItemHistory(sara, caseId, goal!.id)).entries[0]).toMatchObject({ change: "commented", by: "client" });
    const told = await db().select().from(notifications).where(and(eq(notifications.unitId, bergUnit), eq(notifications.kind, "plan.goal_comment")));
    expect(told.length).toBeGreaterThan(0);
    const stranger: ClientActor = { ...eva, clientId: "00000000-0000-4000-8000-000000000042" };
    await notFound(commentOnGoal(stranger, goal!.id, "x"));
  });

  it("offers the case's organisations in the activity form, own first, with only the own organisation's officers", async () => {
    const options = await activityFormOptions(erik, caseId);
    expect(options.organizations[0]).toMatchObject({ name: "Arbetsförmedlingen", own: true, defaultCategory: "af.action_plan" });
    expect(options.organizations[0]!.officers.map((officer) => officer.name)).toContain("Erik Holm");
    expect(options.organizations.slice(1).every((org) => org.officers.length === 0)).toBe(true);
    expect(options.types.map((type) => type.code)).toContain("kartlaggning");
    await notFound(activityFormOptions(karin, caseId));
  });

  it("lists the officer's follow-ups with overdue ones flagged", async () => {
    const followUps = await listFollowUps(sara);
    expect(followUps.find((item) => item.title === "Kartläggning av ekonomin")).toMatchObject({ overdue: true });
    expect((await listFollowUps(erik)).find((item) => item.title === "Rusta och matcha")).toMatchObject({ overdue: false });
  });
});

describe("follow-up reminders", () => {
  it("remind the responsible unit three working days before and on the day, once each", async () => {
    const id = await createActivity(erik, caseId, activity({ title: "Uppföljning onsdag", followUpDate: "2026-11-25" }));
    const remindersFor = async () =>
      (await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.unitId, afUnit)))).map((notice) => notice.kind).sort();
    expect(workingDaysBefore("2026-11-25", 3)).toBe("2026-11-20");
    await sendFollowUpReminders("2026-11-19");
    expect(await remindersFor()).toEqual([]);
    const reminderEvents = async () => (await db().select().from(auditEvents).where(and(eq(auditEvents.action, "plan.reminder"), eq(auditEvents.resourceId, id)))).length;
    expect(await sendFollowUpReminders("2026-11-20")).toBeGreaterThanOrEqual(1);
    // A second run the same day (a restart) sends nothing more, and records nothing more.
    expect(await sendFollowUpReminders("2026-11-20")).toBe(0);
    expect(await remindersFor()).toEqual(["plan.follow_up_soon"]);
    expect(await reminderEvents()).toBe(1);
    await sendFollowUpReminders("2026-11-24");
    expect(await remindersFor()).toEqual(["plan.follow_up_soon"]);
    await sendFollowUpReminders("2026-11-25");
    expect(await remindersFor()).toEqual(["plan.follow_up_soon", "plan.follow_up_today"]);
    expect(await reminderEvents()).toBe(2);
  });

  it("are not sent for a closed case", async () => {
    const id = await createActivity(erik, caseId, activity({ title: "Uppföljning i ett avslutat ärende", followUpDate: "2026-12-02" }));
    await db().update(cases).set({ status: "closed" }).where(eq(cases.id, caseId));
    try {
      await sendFollowUpReminders("2026-12-02");
    } finally {
      await db().update(cases).set({ status: "open" }).where(eq(cases.id, caseId));
    }
    expect(await db().select().from(notifications).where(eq(notifications.subjectId, id))).toEqual([]);
  });

  it("run from the PostgreSQL-backed job queue, on the clock the app sees", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-01-11T07:00:00Z"));
    const id = await createActivity(erik, caseId, activity({ title: "Uppföljning måndag", followUpDate: "2027-01-11", startDate: "2027-01-04", endDate: "2027-01-29" }));
    expect(swedishToday(new Date())).toBe("2027-01-11");
    const boss = await startJobs(getDatabase(), { migrate: true });
    try {
      await expect
        .poll(async () => (await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.kind, "plan.follow_up_today")))).length, { timeout: 20_000, interval: 250 })
        .toBe(1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const [unit] = await db().select().from(orgUnits).where(eq(orgUnits.id, afUnit));
    expect(unit?.name).toBe("Arbetsförmedlingen Östersund");
  });
});
