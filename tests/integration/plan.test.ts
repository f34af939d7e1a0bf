import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, cases, consentGrants, consents, notifications, orgUnits, planActivities, users, type AuditRead } from "../../db/schema";
import type { Actor, ClientActor, StaffActor } from "~/access/actor";
import { addDays, swedishToday, workingDaysBefore } from "~/lib/calendar";
import { db, getDatabase } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { startJobs } from "~/jobs.server";
import { commentOnGoal, createActivity, decideProposal, saveGoal, updateActivity, VersionConflict } from "~/services/plan/edit.server";
import { recentActivity } from "~/services/plan/feed.server";
import { listFollowUps } from "~/services/plan/follow-ups.server";
import { activityFormOptions } from "~/services/plan/form-options.server";
import type { ActivityInput, GoalInput } from "~/services/plan/forms";
import { getItemHistory } from "~/services/plan/history.server";
import { getActivity, getPlan } from "~/services/plan/view.server";
import { sendFollowUpReminders } from "~/services/plan/reminders.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClientActor, facts, seedDemo, staffActor } from "../support/fixtures";
import { look, viaGate } from "../support/gate";

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
  eva = await demoClientActor("Eva");
  caseId = (await demoCaseOf("Eva")).id;
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

const goal = (text: string, overrides: Partial<GoalInput> = {}): GoalInput => ({ text, clientWords: null, targetDate: null, status: "active", ...overrides });

// Each service call is one gated request (one look), as a route makes it.
const plan = (actor: Actor) => viaGate(actor, getPlan, caseId);
const create = (actor: StaffActor, input: ActivityInput) => viaGate(actor, createActivity, caseId, input);
const update = (actor: StaffActor, id: string, input: ActivityInput, version: number) => viaGate(actor, updateActivity, caseId, id, input, version);

let requestCount = 0;
/** The actor in a request of its own, and the audit events that request wrote (one per client per look). */
function inRequest<A extends Actor>(actor: A) {
  const requestId = `plan-test-${++requestCount}`;
  return {
    actor: { ...actor, http: { ...facts, requestId } } as A,
    events: () => db().select().from(auditEvents).where(eq(auditEvents.requestId, requestId)),
  };
}

const readOf = (reads: AuditRead[] | null, resourceType: string, resourceId: string, action = "case.data.view") =>
  (reads ?? []).filter((read) => read.action === action && read.resourceType === resourceType && read.resourceId === resourceId);

async function notFound(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).status).toBe(404);
}

describe("the shared plan", () => {
  it("shows each organisation the activities its consent allows, the rest only as 'an activity by …'", async () => {
    const saras = await plan(sara);
    const erics = await plan(erik);
    const afActivity = saras.activities.find((item) => item.organization === "Arbetsförmedlingen")!;
    expect(afActivity.detail?.title).toBe("Rusta och matcha");
    const municipal = erics.activities.find((item) => item.organization === "Bergs kommun, socialtjänsten")!;
    expect(municipal.detail).toBeNull();
    // The week total counts only what the viewer may see.
    const week = (view: typeof saras) => view.weeks.find((candidate) => candidate.weekStart <= view.today && addDays(candidate.weekStart, 6) >= view.today)!;
    expect(week(saras).total).toBe(75);
    expect(week(erics).total).toBe(50);
    await notFound(plan(karin));
    expect(await plan(eva)).toMatchObject({ activities: expect.arrayContaining([expect.objectContaining({ detail: expect.objectContaining({ title: "Kartläggning av ekonomin" }) })]) });
  });

  it("records the plan as one look: the plan, each activity read, and each one withheld", async () => {
    const request = inRequest(erik);
    const erics = await plan(request.actor);
    const own = erics.activities.find((item) => item.organization === "Arbetsförmedlingen")!;
    const municipal = erics.activities.find((item) => item.organization === "Bergs kommun, socialtjänsten")!;
    const events = await request.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientId: eva.clientId, action: "case.view", outcome: "allowed", resourceType: "plan" });
    const reads = events[0]!.reads;
    expect(readOf(reads, "plan", caseId, "case.view")).toEqual([expect.objectContaining({ outcome: "allowed", basis: expect.stringMatching(/^consent:/) })]);
    expect(readOf(reads, "plan_activity", own.id)).toEqual([expect.objectContaining({ outcome: "allowed", basis: "own_organization", category: "af.action_plan" })]);
    expect(readOf(reads, "plan_activity", municipal.id)).toEqual([expect.objectContaining({ outcome: "withheld", reason: "wrong_category", category: "municipality.social_plan" })]);

    // Someone the case is not shared with: one denied event, and nothing of the plan read.
    const refused = inRequest(karin);
    await notFound(plan(refused.actor));
    const denied = await refused.events();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: "case.view", outcome: "denied", reason: "no_consent", resourceType: "plan" });
    expect(denied[0]!.reads!.some((read) => read.resourceType === "plan_activity")).toBe(false);
  });

  it("shows in the recent-activity feed only what the viewer may see of each activity", async () => {
    const municipal = (await plan(sara)).activities.find((item) => item.organization === "Bergs kommun, socialtjänsten")!;
    const title = municipal.detail!.title;
    expect((await viaGate(sara, recentActivity, caseId)).some((item) => item.title === title)).toBe(true);
    const eriks = await viaGate(erik, recentActivity, caseId);
    const hidden = eriks.find((item) => item.kind.startsWith("activity.") && item.organization === "Bergs kommun, socialtjänsten");
    expect(hidden).toMatchObject({ title: null, by: null });
    expect(JSON.stringify(eriks)).not.toContain(title);
    await notFound(viaGate(karin, recentActivity, caseId));
  });

  it("records the case page's plan and feed in one event, each activity once", async () => {
    const request = inRequest(erik);
    await look(request.actor, async (reader) => [await getPlan(reader, caseId), await recentActivity(reader, caseId)]);
    const events = await request.events();
    expect(events).toHaveLength(1);
    const municipal = (await plan(sara)).activities.find((item) => item.organization === "Bergs kommun, socialtjänsten")!;
    expect(readOf(events[0]!.reads, "plan_activity", municipal.id)).toHaveLength(1);
    expect(readOf(events[0]!.reads, "case_feed", caseId, "case.view")).toEqual([expect.objectContaining({ outcome: "allowed" })]);
  });

  it("lets only the responsible organisation edit its activities, and only the lead unit edit goals", async () => {
    // A colleague in another unit of the lead organisation takes part, but does not run the case.
    const [family] = await db().insert(orgUnits).values({ organizationId: sara.organizationId, name: "Familjerätt", mailbox: "familjeratt@berg.samsyn.example" }).returning();
    await db().insert(users).values({ id: "test-familjeratt", organizationId: sara.organizationId, unitId: family!.id, email: "familjeratt@berg.samsyn.example", name: "Familjerättssekreterare", title: "Familjerättssekreterare", role: "case_officer" });
    await notFound(viaGate(await staffActor("familjeratt@berg.samsyn.example"), saveGoal, caseId, goal("Annan enhets mål")));
    const id = await create(erik, activity());
    expect(await viaGate(erik, getActivity, caseId, id)).toMatchObject({ canEdit: true, detail: { title: "Arbetspraktik på förskola" } });
    expect(await viaGate(sara, getActivity, caseId, id)).toMatchObject({ canEdit: false, detail: { title: "Arbetspraktik på förskola" } });
    await notFound(update(sara, id, activity({ organizationId: erik.organizationId, title: "Ändrat av kommunen" }), 1));
    await notFound(create(maria, activity({ organizationId: maria.organizationId })));
    await notFound(viaGate(erik, saveGoal, caseId, goal("AF:s mål")));
    const goalId = await viaGate(sara, saveGoal, caseId, goal("Körkort", { targetDate: "2027-06-01" }));
    expect((await plan(erik)).goals.map((item) => item.id)).toContain(goalId);
    await expect(create(erik, activity({ categoryCode: "municipality.social_plan" }))).rejects.toMatchObject({ code: "plan.category_required" });
    await expect(create(erik, activity({ unitId: bergUnit }))).rejects.toMatchObject({ code: "plan.unit_required" });
    const [row] = await db().select().from(planActivities).where(eq(planActivities.id, id));
    expect(row).toMatchObject({ title: "Arbetspraktik på förskola", version: 1 });
  });

  it("records each change as the look's event: what changed, on what basis", async () => {
    const creating = inRequest(erik);
    const id = await create(creating.actor, activity({ title: "Jobbsökaraktivitet" }));
    const [created] = await creating.events();
    expect(created).toMatchObject({ action: "plan.activity.create", outcome: "success", resourceType: "plan_activity", resourceId: id, category: "af.action_plan", basis: "own_organization" });
    expect(created!.reads).toEqual(expect.arrayContaining([expect.objectContaining({ action: "case.data.record", outcome: "allowed", category: "af.action_plan" })]));
    const updating = inRequest(erik);
    await update(updating.actor, id, activity({ title: "Jobbsökaraktivitet, två dagar" }), 1);
    expect(await updating.events()).toEqual([expect.objectContaining({ action: "plan.activity.update", outcome: "success", resourceId: id })]);
    const goalSaving = inRequest(sara);
    const goalId = await viaGate(goalSaving.actor, saveGoal, caseId, goal("Egen försörjning"));
    expect(await goalSaving.events()).toEqual([expect.objectContaining({ action: "plan.goal.create", outcome: "success", resourceType: "plan_goal", resourceId: goalId })]);
  });

  it("catches a concurrent edit: the second save gets the first person's version, and the first stays", async () => {
    const id = await create(erik, activity({ title: "Språkpraktik" }));
    await update(erik, id, activity({ title: "Språkpraktik, 4 dagar" }), 1);
    const losing = inRequest(erik);
    const error = await update(losing.actor, id, activity({ title: "Språkpraktik, halvtid" }), 1).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(VersionConflict);
    expect((error as VersionConflict).current).toMatchObject({ title: "Språkpraktik, 4 dagar" });
    expect((error as VersionConflict).currentVersion).toBe(2);
    expect((error as VersionConflict).changedBy).toBe("Erik Holm");
    // What the page gets: their version as form values, next to what was typed.
    expect((error as VersionConflict).details()).toEqual({ theirs: expect.objectContaining({ title: "Språkpraktik, 4 dagar", extent: "25", note: "" }), version: 2, changedBy: "Erik Holm" });
    // The refused save changed nothing, and no change is recorded.
    expect((await losing.events()).some((event) => event.action === "plan.activity.update")).toBe(false);
    const [row] = await db().select().from(planActivities).where(eq(planActivities.id, id));
    expect(row).toMatchObject({ title: "Språkpraktik, 4 dagar", version: 2 });
    // Saving again on the version now known replaces it on purpose.
    await update(erik, id, activity({ title: "Språkpraktik, halvtid" }), 2);
    const history = await viaGate(sara, getItemHistory, caseId, id);
    expect(history.entries.map((entry) => entry.change)).toEqual(["updated", "updated", "created"]);
    expect(history.entries[0]).toMatchObject({ by: "Erik Holm", before: { title: "Språkpraktik, 4 dagar" }, after: { title: "Språkpraktik, halvtid" } });
    // Names, not ids or codes.
    expect(history.entries[0]!.after).toMatchObject({ unitId: "Arbetsförmedlingen Östersund", assigneeId: "Erik Holm", organizationId: "Arbetsförmedlingen", typeCode: { sv: "Arbetspraktik" } });
    expect(history.entries[0]).toMatchObject({ withheld: false });
  });

  it("catches two colleagues saving the same version: of an activity and of a goal, naming who came first", async () => {
    const fatima = await staffActor("fatima.hassan@af.samsyn.example");
    const id = await create(erik, activity({ title: "Arbetsprövning" }));
    await update(erik, id, activity({ title: "Arbetsprövning, tre dagar" }), 1);
    const activityConflict = await update(fatima, id, activity({ title: "Arbetsprövning, två dagar" }), 1).then(() => null, (caught: unknown) => caught);
    expect(activityConflict).toMatchObject({ changedBy: "Erik Holm", current: { title: "Arbetsprövning, tre dagar" } });

    const johanna = await staffActor("johanna.berg@berg.samsyn.example");
    const goalId = await viaGate(sara, saveGoal, caseId, goal("Eget boende"));
    await viaGate(sara, saveGoal, caseId, goal("Eget boende före sommaren"), { goalId, version: 1 });
    const goalConflict = await viaGate(johanna, saveGoal, caseId, goal("Eget boende i Berg"), { goalId, version: 1 }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(goalConflict).toBeInstanceOf(VersionConflict);
    expect(goalConflict).toMatchObject({ changedBy: "Sara Lindqvist", current: { text: "Eget boende före sommaren" } });
  });

  it("withholds the versions of an activity that were in a category not shared with the viewer", async () => {
    // Created under a category Eva's consent does not share with the municipality, then moved to one it does.
    const id = await create(erik, activity({ title: "Hemlig start", categoryCode: "af.days_used_job" }));
    const refused = inRequest(sara);
    await notFound(viaGate(refused.actor, getItemHistory, caseId, id));
    expect(await refused.events()).toEqual([expect.objectContaining({ action: "case.data.view", outcome: "denied", reason: "wrong_category", resourceType: "plan_activity", resourceId: id })]);
    await update(erik, id, activity({ title: "Delad nu", categoryCode: "af.action_plan" }), 1);
    const request = inRequest(sara);
    const saras = await viaGate(request.actor, getItemHistory, caseId, id);
    expect(saras.entries.map((entry) => [entry.change, entry.withheld, entry.before, entry.after])).toEqual([
      ["updated", true, null, null],
      ["created", true, null, null],
    ]);
    expect(JSON.stringify(saras)).not.toContain("Hemlig start");
    // Each withheld version is a recorded decision in the look, not a silent omission.
    const [event] = await request.events();
    expect(event).toMatchObject({ action: "case.view", outcome: "allowed", resourceType: "plan_history", resourceId: id });
    expect(readOf(event!.reads, "plan_activity", id)).toEqual([expect.objectContaining({ outcome: "allowed", category: "af.action_plan" })]);
    const versions = (event!.reads ?? []).filter((read) => read.resourceType === "plan_history" && read.action === "case.data.view");
    expect(versions).toHaveLength(2);
    expect(versions.every((read) => read.outcome === "withheld" && read.reason === "wrong_category" && read.category === "af.days_used_job")).toBe(true);
    expect(new Set(versions.map((read) => read.resourceId)).size).toBe(2);

    const eriks = await viaGate(erik, getItemHistory, caseId, id);
    expect(eriks.entries.map((entry) => entry.withheld)).toEqual([false, false]);
    expect(eriks.entries[1]!.after).toMatchObject({ title: "Hemlig start" });
  });

  it("lets an organisation on the case propose an activity for another, which that organisation accepts", async () => {
    const id = await create(sara, activity({ title: "Yrkesorientering", typeCode: "yrkesorientering" }));
    const proposed = (await plan(erik)).activities.find((item) => item.id === id)!;
    expect(proposed).toMatchObject({ proposal: "proposed", canDecide: true, canEdit: false, proposedBy: "Bergs kommun, socialtjänsten" });
    const told = await db().select().from(notifications).where(and(eq(notifications.unitId, afUnit), eq(notifications.kind, "plan.proposal")));
    expect(told.map((notice) => notice.subjectId)).toContain(id);
    await notFound(viaGate(sara, decideProposal, caseId, id, true));
    const deciding = inRequest(erik);
    await viaGate(deciding.actor, decideProposal, caseId, id, true);
    const [decided] = await deciding.events();
    expect(decided).toMatchObject({ action: "plan.proposal.accept", outcome: "success", resourceType: "plan_activity", resourceId: id });
    expect(decided!.reads).toEqual(expect.arrayContaining([expect.objectContaining({ action: "case.data.record", outcome: "allowed", resourceId: id })]));
    expect((await plan(sara)).activities.find((item) => item.id === id)).toMatchObject({ proposal: "accepted" });
  });

  it("shows a proposal to the proposer, the organisation asked and the client, and withholds it from a third organisation", async () => {
    const id = await create(sara, activity({ title: "Studiebesök", typeCode: "yrkesorientering" }));
    // The region takes part through a consent to see AF's action plan, but is not party to the proposal.
    const [consent] = await db().select().from(consents).where(eq(consents.caseId, caseId));
    const [grant] = await db()
      .insert(consentGrants)
      .values({ consentId: consent!.id, discloserOrganizationId: erik.organizationId, recipientOrganizationId: maria.organizationId, categoryCode: "af.action_plan" })
      .returning();
    try {
      const seen = async (actor: Actor) => {
        const request = inRequest(actor);
        const view = await plan(request.actor);
        const [event] = await request.events();
        return { listed: view.activities.find((item) => item.id === id), reads: readOf(event!.reads, "plan_activity", id) };
      };
      const bySara = await seen(sara);
      expect(bySara.listed?.detail?.title).toBe("Studiebesök");
      expect(bySara.reads).toEqual([expect.objectContaining({ outcome: "allowed", basis: "own_proposal", category: "af.action_plan" })]);
      expect((await seen(erik)).reads).toEqual([expect.objectContaining({ outcome: "allowed", basis: "own_organization" })]);
      expect((await seen(eva)).reads).toEqual([expect.objectContaining({ outcome: "allowed", basis: "own_data" })]);
      const byMaria = await seen(maria);
      expect(byMaria.reads).toEqual([expect.objectContaining({ outcome: "withheld", reason: "not_party_to_proposal" })]);
      // Not part of the plan yet: not even "an activity by …" for the region.
      expect(byMaria.listed).toBeUndefined();
      const mariasFeed = await viaGate(maria, recentActivity, caseId);
      expect(JSON.stringify(mariasFeed)).not.toContain(id);
    } finally {
      await db().delete(consentGrants).where(eq(consentGrants.id, grant!.id));
    }
  });

  it("tells the proposer when a proposal is declined; a proposal is never overdue and is not the client's next follow-up", async () => {
    const id = await create(sara, activity({ title: "Arbetsträning", followUpDate: addDays(swedishToday(new Date()), -3) }));
    expect((await plan(sara)).activities.find((item) => item.id === id)).toMatchObject({ proposal: "proposed", overdue: false });
    await viaGate(erik, decideProposal, caseId, id, false);
    expect((await plan(sara)).activities.find((item) => item.id === id)).toMatchObject({ proposal: "declined", overdue: false });
    const told = await db().select().from(notifications).where(and(eq(notifications.unitId, bergUnit), eq(notifications.kind, "plan.proposal_declined")));
    expect(told.map((notice) => notice.subjectId)).toContain(id);
    await expect(viaGate(erik, decideProposal, caseId, id, true)).rejects.toMatchObject({ code: "plan.not_proposed" });

    const soonest = addDays(swedishToday(new Date()), 1);
    const proposalTomorrow = await create(sara, activity({ title: "Förslag i morgon", followUpDate: soonest }));
    const cancelledTomorrow = await create(erik, activity({ title: "Inställd", followUpDate: soonest, status: "cancelled" }));
    const evasPlan = await plan(eva);
    expect(evasPlan.activities.map((item) => item.id)).toEqual(expect.arrayContaining([proposalTomorrow, cancelledTomorrow]));
    expect(evasPlan.nextFollowUp).not.toBe(soonest);
    expect(evasPlan.nextFollowUp! > soonest).toBe(true);
  });

  it("takes the client's comment on a goal, keeps it in the history and tells the lead unit", async () => {
    const [first] = (await plan(eva)).goals;
    const request = inRequest(eva);
    await viaGate(request.actor, commentOnGoal, first!.id, "Jag kan börja klockan nio.");
    expect(await request.events()).toEqual([expect.objectContaining({ action: "plan.goal.comment", outcome: "success", clientId: eva.clientId, basis: "own_data" })]);
    expect((await plan(sara)).goals[0]!.comments.map((comment) => comment.text)).toContain("Jag kan börja klockan nio.");
    expect((await viaGate(sara, getItemHistory, caseId, first!.id)).entries[0]).toMatchObject({ change: "commented", by: "client" });
    const told = await db().select().from(notifications).where(and(eq(notifications.unitId, bergUnit), eq(notifications.kind, "plan.goal_comment")));
    expect(told.length).toBeGreaterThan(0);
    await expect(viaGate(eva, commentOnGoal, first!.id, "   ")).rejects.toMatchObject({ code: "plan.comment_required" });
    const stranger: ClientActor = { ...eva, clientId: "00000000-0000-4000-8000-000000000042" };
    await notFound(viaGate(stranger, commentOnGoal, first!.id, "x"));
    await notFound(viaGate(eva, commentOnGoal, "not-a-goal", "x"));
  });

  it("offers the case's organisations in the activity form, own first, with only the own organisation's officers", async () => {
    const options = await viaGate(erik, activityFormOptions, caseId);
    expect(options.organizations[0]).toMatchObject({ name: "Arbetsförmedlingen", own: true, defaultCategory: "af.action_plan" });
    expect(options.organizations[0]!.officers.map((officer) => officer.name)).toContain("Erik Holm");
    expect(options.organizations.slice(1).every((org) => org.officers.length === 0)).toBe(true);
    expect(options.types.map((type) => type.code)).toContain("kartlaggning");
    await notFound(viaGate(karin, activityFormOptions, caseId));
  });

  it("lists the officer's follow-ups with overdue ones flagged, each activity one decision in one look", async () => {
    const request = inRequest(sara);
    const { followUps } = await viaGate(request.actor, listFollowUps);
    const economy = followUps.find((item) => item.title === "Kartläggning av ekonomin");
    expect(economy).toMatchObject({ overdue: true, caseId });
    expect((await viaGate(erik, listFollowUps)).followUps.find((item) => item.title === "Rusta och matcha")).toMatchObject({ overdue: false });
    const events = await request.events();
    // One event per client the list is about.
    expect(new Set(events.map((event) => event.clientId)).size).toBe(events.length);
    const evas = events.find((event) => event.clientId === eva.clientId)!;
    expect(readOf(evas.reads, "plan_activity", economy!.activityId)).toEqual([expect.objectContaining({ outcome: "allowed", basis: "own_organization" })]);
    expect(evas.reads!.filter((read) => read.resourceType === "plan_activity")).toHaveLength(followUps.filter((item) => item.caseId === caseId).length);
  });
});

describe("follow-up reminders", () => {
  it("remind the responsible unit three working days before and on the day, once each", async () => {
    const id = await create(erik, activity({ title: "Uppföljning onsdag", followUpDate: "2026-11-25" }));
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
    const id = await create(erik, activity({ title: "Uppföljning i ett avslutat ärende", followUpDate: "2026-12-02" }));
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
    const id = await create(erik, activity({ title: "Uppföljning måndag", followUpDate: "2027-01-11", startDate: "2027-01-04", endDate: "2027-01-29" }));
    expect(swedishToday(new Date())).toBe("2027-01-11");
    const boss = await startJobs(getDatabase(), { migrate: true });
    try {
      await expect
        .poll(async () => (await db().select().from(notifications).where(and(eq(notifications.subjectId, id), eq(notifications.kind, "plan.follow_up_today")))).length, { timeout: 20_000, interval: 250 })
        .toBe(1);
    } finally {
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    }
    const [unit] = await db().select().from(orgUnits).where(eq(orgUnits.id, afUnit));
    expect(unit?.name).toBe("Arbetsförmedlingen Östersund");
  });
});
