import type { PlanActivity } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import { together, type Reader } from "~/access/gate.server";
import { readCase, type CaseScope } from "~/access/reads/cases.server";
import { readPlanActivities, readPlanActivity, readPlanGoal, readPlanGoals, readStaffNames, type ActivityRead } from "~/access/reads/plan.server";
import { swedishToday } from "~/lib/calendar";
import { caseReference } from "~/services/cases/references";
import { weekFill, type WeekFill } from "./weeks";

/**
 * The shared action plan as one viewer may see it: goals (the lead unit's) and activities (each
 * owned by its responsible organisation and carrying one of its categories). An activity the
 * viewer may not read appears only as "an activity by <organisation>"; a proposal they are not
 * party to does not appear at all (it is not part of the plan yet).
 */
type Text = { sv: string; en: string };

export interface GoalView {
  id: string;
  text: string;
  clientWords: string | null;
  targetDate: string | null;
  status: "active" | "achieved" | "paused" | "cancelled";
  version: number;
  comments: { id: string; text: string; createdAt: string }[];
}

export interface ActivityDetail {
  title: string;
  type: { code: string } & Text;
  goalId: string | null;
  unitId: string;
  unit: string;
  assignee: { id: string; name: string } | null;
  startDate: string;
  endDate: string;
  extent: number;
  status: "planned" | "ongoing" | "paused" | "done" | "cancelled";
  followUpDate: string | null;
  note: string | null;
  category: { code: string } & Text;
  version: number;
  updatedAt: string;
}

export interface ActivityView {
  id: string;
  organizationId: string;
  organization: string;
  proposal: "accepted" | "proposed" | "declined";
  proposedBy: string | null;
  /** Null when the viewer may not see this activity: it is then only "an activity by <organisation>". */
  detail: ActivityDetail | null;
  overdue: boolean;
  canEdit: boolean;
  canDecide: boolean;
}

export interface PlanView {
  caseId: string;
  reference: string;
  status: "open" | "closed";
  viewerIsLead: boolean;
  viewerOrganizationId: string | null;
  goals: GoalView[];
  activities: ActivityView[];
  weeks: WeekFill[];
  organizations: { id: string; name: string }[];
  /** The Swedish calendar day of the look (YYYY-MM-DD). */
  today: string;
  /** The next follow-up of a live activity the viewer may see (not a proposal, not done or cancelled). */
  nextFollowUp: string | null;
}

const closed: readonly string[] = ["done", "cancelled"];

/** A follow-up date (YYYY-MM-DD) before `today` of an activity still running. */
export function isOverdue(activity: Pick<PlanActivity, "followUpDate" | "status">, today: string): boolean {
  return activity.followUpDate !== null && activity.followUpDate < today && !closed.includes(activity.status);
}

/** The plan as the case page summarises it: goals and activities, no week-by-week timeline. */
export type PlanSummaryView = Pick<PlanView, "caseId" | "goals" | "activities" | "today">;

/**
 * The plan of one case for the case page's summary (case.view as "plan"; 404 when unknown or not
 * theirs): what `getPlan` reads, without the weeks, organisations and next follow-up that only
 * the plan's own page shows.
 */
export async function getPlanSummary(reader: Reader, caseId: string): Promise<PlanSummaryView> {
  const { scope, goals, activities } = await planParts(reader, caseId);
  return { caseId: scope.row.id, goals: goals.map(goalView), activities, today: swedishToday(reader.at) };
}

async function planParts(reader: Reader, caseId: string) {
  const scope = await readCase(reader, caseId, { resourceType: "plan" });
  const [goals, reads] = await together([readPlanGoals(reader, scope), readPlanActivities(reader, scope)]);
  const activities = await activityViews(reader, scope, reads);
  return { scope, goals, activities };
}

const goalView = ({ goal, comments }: Awaited<ReturnType<typeof readPlanGoals>>[number]): GoalView => ({
  id: goal.id,
  text: goal.text,
  clientWords: goal.clientWords,
  targetDate: goal.targetDate,
  status: goal.status,
  version: goal.version,
  comments: comments.map((comment) => ({ id: comment.id, text: comment.text, createdAt: comment.createdAt.toISOString() })),
});

/** The plan of one case as the reader's actor may see it (case.view as "plan"; 404 when unknown or not theirs). */
export async function getPlan(reader: Reader, caseId: string): Promise<PlanView> {
  const { scope, goals, activities } = await planParts(reader, caseId);
  const today = swedishToday(reader.at);
  const live = activities.filter((activity) => activity.detail && activity.proposal === "accepted" && activity.detail.status !== "cancelled");
  const organizationsShown = new Map(activities.map((activity) => [activity.organizationId, activity.organization]));
  const actor = reader.actor;
  return {
    caseId: scope.row.id,
    reference: caseReference(scope.row.number),
    status: scope.row.status,
    viewerIsLead: actor.kind === "staff" && actor.unitId === scope.row.leadUnitId,
    viewerOrganizationId: actor.kind === "staff" ? actor.organizationId : null,
    goals: goals.map(goalView),
    activities,
    weeks: weekFill(live.map((activity) => activity.detail!)),
    organizations: [...organizationsShown].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "sv")),
    today,
    nextFollowUp:
      live
        .filter((activity) => activity.detail!.status !== "done")
        .map((activity) => activity.detail!.followUpDate)
        .filter((date): date is string => date !== null && date >= today)
        .sort()[0] ?? null,
  };
}

/** One activity for its edit page, asked for by name (404 when unknown or not the viewer's to see). */
export async function getActivity(reader: Reader<StaffActor>, caseId: string, activityId: string): Promise<ActivityView & { caseReference: string }> {
  const scope = await readCase(reader, caseId, { resourceType: "plan_activity", resourceId: activityId });
  const row = await readPlanActivity(reader, scope, activityId);
  const [view] = await activityViews(reader, scope, [{ id: row.id, organizationId: row.organizationId, proposal: row.proposal, row }]);
  return { ...view!, caseReference: caseReference(scope.row.number) };
}

/**
 * A goal for its edit page, or none for a new one: only the lead unit of an open case
 * (case.manage; else 404, as for an unknown goal).
 */
export async function getGoalToEdit(reader: Reader<StaffActor>, caseId: string, goalId: string | null): Promise<{ reference: string; goal: Omit<GoalView, "comments"> | null }> {
  const scope = await readCase(reader, caseId, { action: "case.manage", resourceType: "plan_goal", resourceId: goalId ?? undefined });
  const goal = goalId ? await readPlanGoal(reader, scope, goalId) : null;
  return {
    reference: caseReference(scope.row.number),
    goal: goal && { id: goal.id, text: goal.text, clientWords: goal.clientWords, targetDate: goal.targetDate, status: goal.status, version: goal.version },
  };
}

/**
 * The gate's answers as what a page shows: names for ids, both languages for codes, what the
 * viewer may do. A withheld proposal is left out; a withheld activity keeps only its organisation.
 */
export async function activityViews(reader: Reader, scope: CaseScope, reads: Omit<ActivityRead, "decision">[]): Promise<ActivityView[]> {
  const { organizations, units, activityTypes, categories } = await directoryOf(reader);
  const assignees = await readStaffNames(reader, reads.map((read) => read.row?.assigneeId));
  const today = swedishToday(reader.at);
  const viewerOrganization = reader.actor.kind === "staff" ? reader.actor.organizationId : null;
  const open = scope.row.status === "open";
  const name = (organizationId: string) => organizations.get(organizationId)?.name ?? "";
  return reads
    .filter((read) => read.row || read.proposal === "accepted")
    .map(({ id, organizationId, row }): ActivityView => {
      if (!row) return { id, organizationId, organization: name(organizationId), proposal: "accepted", proposedBy: null, detail: null, overdue: false, canEdit: false, canDecide: false };
      const type = activityTypes.get(row.typeCode);
      const category = categories.get(row.categoryCode);
      const own = viewerOrganization === row.organizationId;
      return {
        id,
        organizationId,
        organization: name(organizationId),
        proposal: row.proposal,
        proposedBy: row.proposedByOrganizationId ? name(row.proposedByOrganizationId) || null : null,
        detail: {
          title: row.title,
          type: { code: row.typeCode, sv: type?.nameSv ?? row.typeCode, en: type?.nameEn ?? row.typeCode },
          goalId: row.goalId,
          unitId: row.unitId,
          unit: units.get(row.unitId)?.name ?? "",
          assignee: row.assigneeId ? { id: row.assigneeId, name: assignees.get(row.assigneeId) ?? "" } : null,
          startDate: row.startDate,
          endDate: row.endDate,
          extent: row.extent,
          status: row.status,
          followUpDate: row.followUpDate,
          note: row.note,
          category: { code: row.categoryCode, sv: category?.nameSv ?? row.categoryCode, en: category?.nameEn ?? row.categoryCode },
          version: row.version,
          updatedAt: row.updatedAt.toISOString(),
        },
        // A proposal is not part of the plan yet, so its follow-up cannot be overdue.
        overdue: row.proposal === "accepted" && isOverdue(row, today),
        canEdit: own && row.proposal === "accepted" && open,
        canDecide: own && row.proposal === "proposed" && open,
      };
    });
}
