import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { cases, planActivities, planGoalComments, planGoals, planHistory, users, type Case, type PlanActivity, type PlanGoal } from "../../../db/schema";
import type { StaffActor } from "../actor";
import { directoryOf, rememberStaffName, staffNamesOf, type Directory } from "../directory.server";
import type { CaseFacts, Decision, Resource } from "../policy";
import type { Reader } from "../reader.server";
import { caseFacts, readCase, type CaseScope } from "./cases.server";
import type { Queryable } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { isUuid } from "~/lib/ids";
import { afterKeyset, keysetLink } from "~/lib/paging";
import { statement } from "~/lib/statement.server";

/**
 * The shared action plan, read only through the reader (docs/architecture.md, "The door").
 * Goals belong to the case summary (case.view covers them); each activity is its responsible
 * organisation's information of one category, so every activity — and every version of it in
 * another category — is a case.data.view decision, recorded as read or withheld. A proposal is
 * decided by the policy's proposal rule (owner, proposer, client).
 */
export type PlanGoalComment = typeof planGoalComments.$inferSelect;
export type PlanHistoryRow = typeof planHistory.$inferSelect;

/** An activity and the gate's answer; `row` only when allowed (what may not be shown is not handed out). */
export interface ActivityRead {
  id: string;
  organizationId: string;
  /** Whether it is part of the plan yet: a withheld proposal is not (policy: "others see it once accepted"). */
  proposal: PlanActivity["proposal"];
  decision: Decision;
  row: PlanActivity | null;
}

/** The activity as the policy sees it: its owner, its category, and whether it is still a proposal. */
function activityResource(facts: CaseFacts, row: PlanActivity, directory: Directory, category = row.categoryCode): Extract<Resource, { type: "case_data" }> {
  return {
    type: "case_data",
    case: facts,
    ownerOrganizationId: row.organizationId,
    ownerKind: directory.categories.get(category)!.ownerKind,
    category,
    proposal: row.proposal === "accepted" ? undefined : { state: row.proposal, proposedByOrganizationId: row.proposedByOrganizationId },
  };
}

async function checkActivities(reader: Reader, facts: CaseFacts, rows: PlanActivity[]): Promise<ActivityRead[]> {
  const directory = await directoryOf(reader);
  const reads: ActivityRead[] = [];
  for (const row of rows) {
    const decision = await reader.check("case.data.view", activityResource(facts, row, directory), { resourceType: "plan_activity", resourceId: row.id });
    reads.push({ id: row.id, organizationId: row.organizationId, proposal: row.proposal, decision, row: decision.allowed ? row : null });
  }
  return reads;
}

/** Every activity of the case (oldest start first), each decided and recorded as read or withheld. */
export async function readPlanActivities(reader: Reader, scope: CaseScope): Promise<ActivityRead[]> {
  return checkActivities(reader, scope.facts, await activitiesOfCase(reader, scope.facts.caseId));
}

const activitiesOfCaseStatement = statement((db) =>
  db
    .select({ activity: planActivities, assigneeName: users.name, assigneeTitle: users.title })
    .from(planActivities)
    .leftJoin(users, eq(users.id, planActivities.assigneeId))
    .where(eq(planActivities.caseId, sql.placeholder("caseId")))
    .orderBy(asc(planActivities.startDate), asc(planActivities.createdAt)),
);

/**
 * The case's activity rows, once per look (the plan and the feed of one page share them). Each
 * assignee's name (the directory of people, not client data) comes in the same statement and is
 * kept for `staffNamesOf`, so that naming them later is not a round trip of its own.
 */
function activitiesOfCase(reader: Reader, caseId: string): Promise<PlanActivity[]> {
  return reader.memo(`activities:${caseId}`, async () => {
    const rows = await activitiesOfCaseStatement(reader.tx, { caseId });
    for (const { activity, assigneeName, assigneeTitle } of rows) {
      if (activity.assigneeId && assigneeName !== null) rememberStaffName(reader, activity.assigneeId, { name: assigneeName, title: assigneeTitle ?? "" });
    }
    return rows.map((row) => row.activity);
  });
}

/** These activities of the case (unknown ids are left out), each decided like a line of the plan. */
export async function readActivitiesById(reader: Reader, scope: CaseScope, ids: string[]): Promise<ActivityRead[]> {
  const wanted = [...new Set(ids)].filter(isUuid);
  if (wanted.length === 0) return [];
  const rows = (await activitiesOfCase(reader, scope.facts.caseId)).filter((row) => wanted.includes(row.id));
  return checkActivities(reader, scope.facts, rows);
}

async function activityOfCase(reader: Reader, caseId: string, activityId: string): Promise<PlanActivity | undefined> {
  if (!isUuid(activityId)) return undefined;
  const [row] = await reader.tx.select().from(planActivities).where(and(eq(planActivities.id, activityId), eq(planActivities.caseId, caseId)));
  return row;
}

/**
 * One activity the actor asked for by name (its edit page, its history): unknown → not_found;
 * refused → AccessDenied (recorded, 404).
 */
export async function readPlanActivity(reader: Reader, scope: CaseScope, activityId: string): Promise<PlanActivity> {
  const row = await activityOfCase(reader, scope.facts.caseId, activityId);
  if (!row) throw notFound();
  await reader.require("case.data.view", activityResource(scope.facts, row, await directoryOf(reader)), { resourceType: "plan_activity", resourceId: row.id });
  return row;
}

/**
 * An activity its responsible organisation is about to change (edit, accept or decline a
 * proposal): the case passes case.view, the activity case.data.record. Unknown → not_found;
 * refused → AccessDenied (404).
 */
export async function readActivityToChange(reader: Reader<StaffActor>, caseId: string, activityId: string): Promise<{ row: PlanActivity; scope: CaseScope }> {
  if (!isUuid(activityId) || !isUuid(caseId)) throw notFound();
  // Of the case in the page's URL only: an activity of another case is "not found" here.
  const [row] = await reader.tx.select().from(planActivities).where(and(eq(planActivities.id, activityId), eq(planActivities.caseId, caseId)));
  if (!row) throw notFound();
  const scope = await readCase(reader, row.caseId, { resourceType: "plan_activity", resourceId: row.id });
  const resource = { ...activityResource(scope.facts, row, await directoryOf(reader)), proposal: undefined };
  await reader.require("case.data.record", resource, { resourceType: "plan_activity", resourceId: row.id });
  return { row, scope };
}

const goalsWithComments = statement((db) =>
  db
    .select({ goal: planGoals, comment: planGoalComments })
    .from(planGoals)
    .leftJoin(planGoalComments, eq(planGoalComments.goalId, planGoals.id))
    .where(eq(planGoals.caseId, sql.placeholder("caseId")))
    .orderBy(asc(planGoals.createdAt), asc(planGoals.id), asc(planGoalComments.createdAt)),
);

/** The plan's goals with the client's comments on them, oldest first (part of the case: case.view covers them). */
export async function readPlanGoals(reader: Reader, scope: CaseScope): Promise<{ goal: PlanGoal; comments: PlanGoalComment[] }[]> {
  // One query: each goal with its comments (none for most).
  const rows = await goalsWithComments(reader.tx, { caseId: scope.facts.caseId });
  const goals = new Map<string, { goal: PlanGoal; comments: PlanGoalComment[] }>();
  for (const { goal, comment } of rows) {
    const entry = goals.get(goal.id) ?? { goal, comments: [] };
    goals.set(goal.id, entry);
    if (comment) entry.comments.push(comment);
  }
  return [...goals.values()];
}

/** One goal of the case, or not_found. */
export async function readPlanGoal(reader: Reader, scope: CaseScope, goalId: string): Promise<PlanGoal> {
  if (!isUuid(goalId)) throw notFound();
  const [goal] = await reader.tx.select().from(planGoals).where(and(eq(planGoals.id, goalId), eq(planGoals.caseId, scope.facts.caseId)));
  if (!goal) throw notFound();
  return goal;
}

/** A goal found by its id alone (the client's comment on /me), after its case passed case.view; else not_found / 404. */
export async function readGoalOnCase(reader: Reader, goalId: string): Promise<{ goal: PlanGoal; scope: CaseScope }> {
  if (!isUuid(goalId)) throw notFound();
  const [goal] = await reader.tx.select().from(planGoals).where(eq(planGoals.id, goalId));
  if (!goal) throw notFound();
  return { goal, scope: await readCase(reader, goal.caseId, { resourceType: "plan_goal", resourceId: goal.id }) };
}

/** A stored version of a goal or activity and who made it (a staff member's name; null for the client). */
export interface HistoryRead {
  row: PlanHistoryRow;
  changedBy: string | null;
  /** A version in a category the viewer may not read: `row.before`/`row.after` are then null. */
  withheld: boolean;
}

/**
 * The history of one goal or activity of the case, newest first. The activity itself must be
 * readable (asked for by name: refused → 404); each version in another category than the
 * activity's present one is its own decision, recorded as read or withheld.
 */
export async function readItemHistory(reader: Reader, scope: CaseScope, itemId: string): Promise<{ itemType: "activity" | "goal"; versions: HistoryRead[] }> {
  const activity = await activityOfCase(reader, scope.facts.caseId, itemId);
  if (activity) await readPlanActivity(reader, scope, activity.id);
  else await readPlanGoal(reader, scope, itemId);
  const rows = await historyRows(reader.tx, and(eq(planHistory.caseId, scope.facts.caseId), eq(planHistory.itemId, itemId)));
  const directory = await directoryOf(reader);
  const mayRead = async (row: PlanHistoryRow, snapshot: Record<string, unknown> | null) => {
    const code = snapshot?.categoryCode;
    if (!activity || typeof code !== "string" || code === activity.categoryCode) return true;
    if (!directory.categories.has(code)) return false;
    const resource = activityResource(scope.facts, activity, directory, code);
    return (await reader.check("case.data.view", resource, { resourceType: "plan_history", resourceId: row.id })).allowed;
  };
  const versions: HistoryRead[] = [];
  for (const { row, changedBy } of rows) {
    const withheld = !(await mayRead(row, row.before)) || !(await mayRead(row, row.after));
    versions.push({ row: withheld ? { ...row, before: null, after: null } : row, changedBy, withheld });
  }
  return { itemType: activity ? "activity" : "goal", versions };
}

/** The latest changes of the case's plan (at most `limit`), newest first, for its feed. Activities in them are decided by the caller. */
export async function readPlanChanges(reader: Reader, scope: CaseScope, limit: number): Promise<{ row: PlanHistoryRow; changedBy: string | null }[]> {
  return latestChanges(reader.tx, { caseId: scope.facts.caseId, limit });
}

function historyRows(db: Queryable, where: ReturnType<typeof and>) {
  return db
    .select({ row: planHistory, changedBy: users.name })
    .from(planHistory)
    .leftJoin(users, eq(users.id, planHistory.changedByUserId))
    .where(where)
    .orderBy(desc(planHistory.changedAt));
}

const latestChanges = statement((db) => historyRows(db, eq(planHistory.caseId, sql.placeholder("caseId"))).limit(sql.placeholder("limit")));

/** Who saved the item last (the name shown next to "their" version in a conflict); null for the client or nobody. */
export async function readLastChangedBy(reader: Reader, scope: CaseScope, itemId: string): Promise<string | null> {
  const [latest] = await historyRows(reader.tx, and(eq(planHistory.caseId, scope.facts.caseId), eq(planHistory.itemId, itemId))).limit(1);
  return latest?.changedBy ?? null;
}

/** The names of these staff members (assignees, people named in a history), and nobody else's. */
export async function readStaffNames(reader: Reader, userIds: (string | null | undefined)[]): Promise<Map<string, string>> {
  return new Map([...(await staffNamesOf(reader, userIds))].map(([id, staff]) => [id, staff.name]));
}

/** An open follow-up of the officer's unit or of the officer, with the case it belongs to. */
export interface FollowUpRead {
  row: PlanActivity;
  kase: Case;
}

/** The keys follow-ups are ordered by (earliest first): the follow-up date, then the activity's id. */
export const followUpKeys = ["date", "uuid"] as const;

/**
 * A live follow-up as the partial indexes on plan_activities name it (`plan_activities_follow_up_*`):
 * constants, so that the planner matches them to the indexes' predicates with or without statistics.
 */
export const liveFollowUp = (table: typeof planActivities) =>
  sql`${table.proposal} = 'accepted' and ${table.followUpDate} is not null and ${table.status} not in ('done', 'cancelled')`;

/**
 * One side of a page of follow-ups as one statement, `limit + 1` rows: the unit's, or those
 * assigned to the officer in other units (tests explain this very statement).
 */
export function followUpPage(q: Queryable, actor: StaffActor, side: "unit" | "assigned", page: { after?: string[]; limit: number }) {
  const whose = side === "unit" ? eq(planActivities.unitId, actor.unitId) : and(eq(planActivities.assigneeId, actor.userId), ne(planActivities.unitId, actor.unitId));
  return q
    .select({ row: planActivities, kase: cases })
    .from(planActivities)
    .innerJoin(cases, eq(cases.id, planActivities.caseId))
    .where(
      and(
        whose,
        eq(planActivities.organizationId, actor.organizationId),
        liveFollowUp(planActivities),
        page.after ? afterKeyset([planActivities.followUpDate, planActivities.id], page.after, followUpKeys, "asc") : undefined,
      ),
    )
    .orderBy(asc(planActivities.followUpDate), asc(planActivities.id))
    .limit(page.limit + 1);
}

/**
 * "Mina uppföljningar": a page of the organisation's accepted, live activities with a follow-up
 * date that the officer's unit is responsible for or the officer is assigned to, earliest first
 * (follow-up date, then id), across cases: `limit` after the keyset `after` (see followUpKeys).
 * The unit's and the officer's own are two index reads of at most `limit + 1` rows each, merged;
 * `next` is the link of the following page (null on the last). Consents are loaded once for all
 * the cases; each activity is one decision, and only those allowed are handed out.
 */
export async function readFollowUps(reader: Reader<StaffActor>, page: { after?: string[]; limit: number }): Promise<{ shown: FollowUpRead[]; next: string | null }> {
  const actor = reader.actor;
  const unit = await followUpPage(reader.tx, actor, "unit", page);
  const assigned = await followUpPage(reader.tx, actor, "assigned", page);
  const read = [...unit, ...assigned]
    .sort((a, b) => a.row.followUpDate!.localeCompare(b.row.followUpDate!) || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0))
    .slice(0, page.limit + 1);
  const rows = read.slice(0, page.limit);
  const last = read.length > page.limit ? rows.at(-1) : undefined;
  await reader.consentsFor(rows.map(({ kase }) => kase.id));
  const directory = await directoryOf(reader);
  const shown: FollowUpRead[] = [];
  for (const { row, kase } of rows) {
    const decision = await reader.check("case.data.view", activityResource(caseFacts(kase), row, directory), { resourceType: "plan_activity", resourceId: row.id });
    if (decision.allowed) shown.push({ row, kase });
  }
  return { shown, next: last ? keysetLink([last.row.followUpDate!, last.row.id]) : null };
}
