import { and, asc, desc, eq, inArray, isNotNull, notInArray, or } from "drizzle-orm";
import {
  activityTypes,
  caseParticipants,
  cases,
  consents,
  infoCategories,
  organizations,
  orgUnits,
  planActivities,
  planGoalComments,
  planGoals,
  planHistory,
  users,
  type PlanActivity,
} from "../../db/schema";
import type { Actor, StaffActor } from "~/access/actor";
import { authorize, gated, inChainOrder, loadPolicyConsents, policyActorOf } from "~/access/gate.server";
import { decide, type CaseFacts, type PolicyConsent } from "~/access/policy";
import { swedishToday } from "~/lib/calendar";
import type { Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { weekFill, type WeekFill } from "~/lib/plan-weeks";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";
import { caseFacts, caseReference } from "./cases.server";

/**
 * The shared action plan: goals (the lead unit's) and activities (each owned by its responsible
 * organisation and carrying one of its categories). Every activity shown in detail is a gated,
 * audited read; one the viewer may not see appears only as "an activity by <organisation>".
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
  today: string;
  /** The next follow-up of a live activity the viewer may see (not a proposal, not done or cancelled). */
  nextFollowUp: string | null;
}

const closed = ["done", "cancelled"] as const;

export function isOverdue(activity: Pick<PlanActivity, "followUpDate" | "status">, today: string): boolean {
  return activity.followUpDate !== null && activity.followUpDate < today && !(closed as readonly string[]).includes(activity.status);
}

async function loadCase(tx: Queryable, caseId: string) {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new DomainError("not_found", 404);
  return row;
}

/** The plan of one case as this viewer may see it. */
export async function getPlan(actor: Actor, caseId: string): Promise<PlanView> {
  return gated(async (tx) => {
    const kase = await loadCase(tx, caseId);
    const facts = caseFacts(kase);
    const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents: consentsForCase, resourceType: "plan" });
    const goals = await goalsOf(tx, caseId);
    const rows = await tx.select().from(planActivities).where(eq(planActivities.caseId, caseId)).orderBy(asc(planActivities.startDate), asc(planActivities.createdAt));
    const activities = await activityViews(tx, actor, facts, consentsForCase, rows);
    const visible = activities.filter((activity) => activity.detail && activity.proposal === "accepted" && activity.detail.status !== "cancelled");
    const today = swedishToday(now());
    const organizationsShown = new Map(activities.map((activity) => [activity.organizationId, activity.organization]));
    return {
      caseId,
      reference: caseReference(kase.number),
      status: kase.status,
      viewerIsLead: actor.kind === "staff" && actor.unitId === kase.leadUnitId,
      viewerOrganizationId: actor.kind === "staff" ? actor.organizationId : null,
      goals,
      activities,
      weeks: weekFill(visible.map((activity) => activity.detail!)),
      organizations: [...organizationsShown].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "sv")),
      today,
      nextFollowUp:
        visible
          .filter((activity) => activity.detail!.status !== "done")
          .map((activity) => activity.detail!.followUpDate)
          .filter((date): date is string => date !== null && date >= today)
          .sort()[0] ?? null,
    };
  });
}

async function goalsOf(tx: Queryable, caseId: string): Promise<GoalView[]> {
  const goals = await tx.select().from(planGoals).where(eq(planGoals.caseId, caseId)).orderBy(asc(planGoals.createdAt));
  const comments = goals.length
    ? await tx.select().from(planGoalComments).where(inArray(planGoalComments.goalId, goals.map((goal) => goal.id))).orderBy(asc(planGoalComments.createdAt))
    : [];
  return goals.map((goal) => ({
    id: goal.id,
    text: goal.text,
    clientWords: goal.clientWords,
    targetDate: goal.targetDate,
    status: goal.status,
    version: goal.version,
    comments: comments.filter((comment) => comment.goalId === goal.id).map((comment) => ({ id: comment.id, text: comment.text, createdAt: comment.createdAt.toISOString() })),
  }));
}

/**
 * Each activity: the responsible organisation and the proposer see proposals; everyone else sees
 * an accepted activity in detail only when the policy lets them read its category.
 */
export async function activityViews(
  tx: Queryable,
  actor: Actor,
  facts: CaseFacts,
  consentsForCase: PolicyConsent[],
  rows: PlanActivity[],
): Promise<ActivityView[]> {
  if (rows.length === 0) return [];
  const orgs = new Map((await tx.select().from(organizations)).map((org) => [org.id, org.name]));
  const units = new Map((await tx.select().from(orgUnits)).map((unit) => [unit.id, unit.name]));
  const types = new Map((await tx.select().from(activityTypes)).map((type) => [type.code, type]));
  const categories = new Map((await tx.select().from(infoCategories)).map((category) => [category.code, category]));
  const assigneeIds = rows.map((row) => row.assigneeId).filter((id): id is string => id !== null);
  const assignees = new Map(
    assigneeIds.length ? (await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, assigneeIds))).map((user) => [user.id, user.name]) : [],
  );
  const today = swedishToday(now());
  const staffOrg = actor.kind === "staff" ? actor.organizationId : null;
  const views: ActivityView[] = [];
  for (const row of rows) {
    const category = categories.get(row.categoryCode)!;
    let shown = false;
    if (row.proposal !== "accepted") {
      // A proposal is still between the organisation that proposed it and the one asked.
      shown = staffOrg === row.organizationId || staffOrg === row.proposedByOrganizationId || actor.kind === "client";
      if (shown) {
        await recordAudit(actor, actor.http, {
          action: "case.data.view",
          outcome: "allowed",
          basis: staffOrg === row.proposedByOrganizationId ? "own_proposal" : actor.kind === "client" ? "own_data" : "own_organization",
          clientId: facts.clientId,
          caseId: facts.caseId,
          category: row.categoryCode,
          resourceType: "plan_activity",
          resourceId: row.id,
        }, tx);
      }
    } else {
      const resource = { type: "case_data" as const, case: facts, ownerOrganizationId: row.organizationId, ownerKind: category.ownerKind, category: row.categoryCode };
      if (decide(policyActorOf(actor), "case.data.view", resource, consentsForCase, now()).allowed) {
        await authorize(tx, actor, "case.data.view", resource, { consents: consentsForCase, resourceType: "plan_activity", resourceId: row.id });
        shown = true;
      }
    }
    const type = types.get(row.typeCode);
    const own = staffOrg === row.organizationId;
    views.push({
      id: row.id,
      organizationId: row.organizationId,
      organization: orgs.get(row.organizationId) ?? "",
      proposal: row.proposal,
      proposedBy: row.proposedByOrganizationId ? (orgs.get(row.proposedByOrganizationId) ?? null) : null,
      detail: shown
        ? {
            title: row.title,
            type: { code: row.typeCode, sv: type?.nameSv ?? row.typeCode, en: type?.nameEn ?? row.typeCode },
            goalId: row.goalId,
            unitId: row.unitId,
            unit: units.get(row.unitId) ?? "",
            assignee: row.assigneeId ? { id: row.assigneeId, name: assignees.get(row.assigneeId) ?? "" } : null,
            startDate: row.startDate,
            endDate: row.endDate,
            extent: row.extent,
            status: row.status,
            followUpDate: row.followUpDate,
            note: row.note,
            category: { code: row.categoryCode, sv: category.nameSv, en: category.nameEn },
            version: row.version,
            updatedAt: row.updatedAt.toISOString(),
          }
        : null,
      // A proposal is not part of the plan yet, so its follow-up cannot be overdue.
      overdue: shown && row.proposal === "accepted" && isOverdue(row, today),
      canEdit: own && row.proposal === "accepted" && facts.status === "open",
      canDecide: own && row.proposal === "proposed" && facts.status === "open",
    });
  }
  return views;
}

export interface HistoryEntry {
  id: string;
  change: string;
  changedAt: string;
  by: string;
  /** Field values made readable: names instead of ids, names in both languages instead of codes. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The change concerned information of a category not shared with the viewer: no values given. */
  withheld: boolean;
}

/** The history of one goal or activity (who, when, before → after), as far as the viewer may see it. */
export async function getItemHistory(
  actor: Actor,
  caseId: string,
  itemId: string,
): Promise<{ reference: string; itemType: "activity" | "goal"; entries: HistoryEntry[] }> {
  return gated(async (tx) => {
    const kase = await loadCase(tx, caseId);
    const facts = caseFacts(kase);
    const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents: consentsForCase, resourceType: "plan_history" });
    const [activity] = await tx.select().from(planActivities).where(and(eq(planActivities.id, itemId), eq(planActivities.caseId, caseId)));
    const categories = new Map((await tx.select().from(infoCategories)).map((category) => [category.code, category]));
    if (activity) {
      const [view] = await activityViews(tx, actor, facts, consentsForCase, [activity]);
      if (!view?.detail) throw new DomainError("not_found", 404);
    } else {
      const [goal] = await tx.select({ id: planGoals.id }).from(planGoals).where(and(eq(planGoals.id, itemId), eq(planGoals.caseId, caseId)));
      if (!goal) throw new DomainError("not_found", 404);
    }
    const rows = await tx
      .select({ history: planHistory, user: users.name })
      .from(planHistory)
      .leftJoin(users, eq(users.id, planHistory.changedByUserId))
      .where(eq(planHistory.itemId, itemId))
      .orderBy(desc(planHistory.changedAt));
    // An activity may have moved between categories: a version in a category the viewer may not
    // see is withheld, though the activity as it is now may be seen.
    const mayRead = (snapshot: Record<string, unknown> | null) => {
      const code = snapshot?.categoryCode;
      if (!activity || typeof code !== "string" || code === activity.categoryCode) return true;
      const category = categories.get(code);
      if (!category) return false;
      const resource = { type: "case_data" as const, case: facts, ownerOrganizationId: activity.organizationId, ownerKind: category.ownerKind, category: code };
      return decide(policyActorOf(actor), "case.data.view", resource, consentsForCase, now()).allowed;
    };
    const snapshots = rows.flatMap(({ history }) => [history.before, history.after]);
    const readable = await historyNames(tx, caseId, categories, snapshots);
    return {
      reference: caseReference(kase.number),
      itemType: activity ? ("activity" as const) : ("goal" as const),
      entries: rows.map(({ history, user }) => {
        const withheld = !mayRead(history.before) || !mayRead(history.after);
        return {
          id: history.id,
          change: history.change,
          changedAt: history.changedAt.toISOString(),
          by: user ?? (history.changedByClientId ? "client" : ""),
          before: withheld ? null : readable(history.before),
          after: withheld ? null : readable(history.after),
          withheld,
        };
      }),
    };
  });
}

/** Turns the ids and codes of a history snapshot into what a person reads. */
async function historyNames(
  tx: Queryable,
  caseId: string,
  categories: Map<string, typeof infoCategories.$inferSelect>,
  snapshots: (Record<string, unknown> | null)[],
) {
  const orgs = new Map((await tx.select().from(organizations)).map((org) => [org.id, org.name]));
  const units = new Map((await tx.select().from(orgUnits)).map((unit) => [unit.id, unit.name]));
  // Only the officers the history names, not every user of every organisation.
  const assigneeIds = [...new Set(snapshots.map((snapshot) => snapshot?.assigneeId).filter((id): id is string => typeof id === "string"))];
  const people = new Map(
    assigneeIds.length ? (await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, assigneeIds))).map((user) => [user.id, user.name]) : [],
  );
  const goals = new Map((await tx.select().from(planGoals).where(eq(planGoals.caseId, caseId))).map((goal) => [goal.id, goal.text]));
  const types = new Map((await tx.select().from(activityTypes)).map((type) => [type.code, { sv: type.nameSv, en: type.nameEn }]));
  const named: Record<string, (value: string) => unknown> = {
    organizationId: (id) => orgs.get(id),
    proposedByOrganizationId: (id) => orgs.get(id),
    unitId: (id) => units.get(id),
    assigneeId: (id) => people.get(id),
    goalId: (id) => goals.get(id),
    typeCode: (code) => types.get(code),
    categoryCode: (code) => {
      const category = categories.get(code);
      return category ? { sv: category.nameSv, en: category.nameEn } : undefined;
    },
  };
  return (snapshot: Record<string, unknown> | null) =>
    snapshot
      ? Object.fromEntries(
          Object.entries(snapshot).map(([key, value]) => [key, typeof value === "string" && Object.hasOwn(named, key) ? (named[key]!(value) ?? value) : value]),
        )
      : null;
}

export interface FeedItem {
  id: string;
  kind: string;
  at: string;
  by: string | null;
  organization: string | null;
  title: string | null;
}

/** What changed lately on the case (plan and consent), each item only as far as the viewer may see it. */
export async function recentActivity(actor: Actor, caseId: string, limit = 15): Promise<FeedItem[]> {
  return gated(async (tx) => {
    const kase = await loadCase(tx, caseId);
    const facts = caseFacts(kase);
    const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents: consentsForCase, resourceType: "case_feed" });
    const history = await tx
      .select({ history: planHistory, user: users.name })
      .from(planHistory)
      .leftJoin(users, eq(users.id, planHistory.changedByUserId))
      .where(eq(planHistory.caseId, caseId))
      .orderBy(desc(planHistory.changedAt))
      .limit(limit);
    const activityIds = history.filter(({ history: item }) => item.itemType === "activity").map(({ history: item }) => item.itemId);
    const activities = activityIds.length ? await tx.select().from(planActivities).where(inArray(planActivities.id, activityIds)) : [];
    const views = new Map((await activityViews(tx, actor, facts, consentsForCase, activities)).map((view) => [view.id, view]));
    const items: FeedItem[] = history.map(({ history: item, user }) => {
      const view = views.get(item.itemId);
      const hidden = item.itemType === "activity" && !view?.detail;
      return {
        id: item.id,
        kind: `${item.itemType}.${item.change}`,
        at: item.changedAt.toISOString(),
        by: hidden ? null : user,
        organization: view?.organization ?? null,
        title: hidden ? null : item.itemType === "activity" ? (view?.detail?.title ?? null) : String((item.after ?? item.before)?.text ?? ""),
      };
    });
    const consentRows = await tx.select().from(consents).where(eq(consents.caseId, caseId));
    for (const consent of consentRows) {
      if (consent.version === 1) items.push({ id: `${consent.id}:given`, kind: "consent.given", at: consent.createdAt.toISOString(), by: null, organization: null, title: null });
      else items.push({ id: `${consent.id}:changed`, kind: "consent.changed", at: consent.createdAt.toISOString(), by: null, organization: null, title: null });
      if (consent.revokedAt) items.push({ id: `${consent.id}:revoked`, kind: "consent.revoked", at: consent.revokedAt.toISOString(), by: null, organization: null, title: null });
    }
    return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  });
}

export interface FollowUp {
  activityId: string;
  caseId: string;
  reference: string;
  title: string;
  followUpDate: string;
  overdue: boolean;
  status: string;
}

/** "Mina uppföljningar": open activities of the officer's unit, or assigned to them, with a follow-up date. */
export async function listFollowUps(actor: StaffActor): Promise<FollowUp[]> {
  return gated(async (tx) => {
    const rows = await tx
      .select({ activity: planActivities, kase: cases })
      .from(planActivities)
      .innerJoin(cases, eq(cases.id, planActivities.caseId))
      .where(
        and(
          or(eq(planActivities.unitId, actor.unitId), eq(planActivities.assigneeId, actor.userId)),
          eq(planActivities.organizationId, actor.organizationId),
          eq(planActivities.proposal, "accepted"),
          isNotNull(planActivities.followUpDate),
          notInArray(planActivities.status, [...closed]),
        ),
      )
      .orderBy(asc(planActivities.followUpDate));
    const consentsByCase = await loadPolicyConsents(tx, [...new Set(rows.map((row) => row.kase.id))]);
    const ownerKinds = new Map((await tx.select().from(infoCategories)).map((category) => [category.code, category.ownerKind]));
    const today = swedishToday(now());
    return inChainOrder(rows, (row) => row.kase.clientId, async ({ activity, kase }): Promise<FollowUp> => {
      const resource = { type: "case_data" as const, case: caseFacts(kase), ownerOrganizationId: activity.organizationId, ownerKind: ownerKinds.get(activity.categoryCode)!, category: activity.categoryCode };
      await authorize(tx, actor, "case.data.view", resource, { consents: consentsByCase.get(kase.id), resourceType: "plan_activity", resourceId: activity.id });
      return {
        activityId: activity.id,
        caseId: kase.id,
        reference: caseReference(kase.number),
        title: activity.title,
        followUpDate: activity.followUpDate!,
        overdue: isOverdue(activity, today),
        status: activity.status,
      };
    });
  });
}

/** Default categories for an organisation's activities (one it can share), by organisation kind. */
export const defaultActivityCategory: Record<string, string> = {
  af: "af.action_plan",
  fk: "fk.sickness_benefit",
  region_health: "region.rehab_plan",
  municipality_social: "municipality.social_plan",
  municipality_labour: "municipality.labour_activity",
};

async function unitsAndOfficers(q: Queryable, organizationIds: string[]) {
  if (organizationIds.length === 0) return { units: [], officers: [] };
  const units = await q.select().from(orgUnits).where(inArray(orgUnits.organizationId, organizationIds)).orderBy(asc(orgUnits.name));
  const officers = await q
    .select({ id: users.id, name: users.name, unitId: users.unitId, organizationId: users.organizationId })
    .from(users)
    .where(and(inArray(users.organizationId, organizationIds), inArray(users.role, ["case_officer", "rehab_coordinator"]), eq(users.active, true)))
    .orderBy(asc(users.name));
  return { units, officers };
}

/** One activity for its edit page, through the same gate as the plan. */
export async function getActivity(actor: StaffActor, caseId: string, activityId: string): Promise<ActivityView & { caseReference: string }> {
  return gated(async (tx) => {
    const kase = await loadCase(tx, caseId);
    const facts = caseFacts(kase);
    const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents: consentsForCase, resourceType: "plan_activity", resourceId: activityId });
    const [row] = await tx.select().from(planActivities).where(and(eq(planActivities.id, activityId), eq(planActivities.caseId, caseId)));
    if (!row) throw new DomainError("not_found", 404);
    const [view] = await activityViews(tx, actor, facts, consentsForCase, [row]);
    if (!view?.detail) throw new DomainError("not_found", 404);
    return { ...view, caseReference: caseReference(kase.number) };
  });
}

/** What the activity form offers: the case's participating organisations with units, officers and categories, types and goals. */
export async function activityFormOptions(actor: StaffActor, caseId: string) {
  return gated(async (tx) => {
    const kase = await loadCase(tx, caseId);
    await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase) }, { resourceType: "plan_form" });
    const participantOrgIds = [...new Set((await tx.select({ id: caseParticipants.organizationId }).from(caseParticipants).where(eq(caseParticipants.caseId, caseId))).map((row) => row.id))];
    const orgRows = participantOrgIds.length ? await tx.select().from(organizations).where(inArray(organizations.id, participantOrgIds)) : [];
    const { units, officers } = await unitsAndOfficers(tx, participantOrgIds);
    const categories = await tx.select().from(infoCategories).orderBy(asc(infoCategories.code));
    const types = await tx.select().from(activityTypes).orderBy(asc(activityTypes.sort));
    const goals = await tx.select({ id: planGoals.id, text: planGoals.text }).from(planGoals).where(eq(planGoals.caseId, caseId)).orderBy(asc(planGoals.createdAt));
    return {
      caseReference: caseReference(kase.number),
      viewerOrganizationId: actor.organizationId,
      organizations: orgRows
        .map((org) => ({
          id: org.id,
          name: org.name,
          own: org.id === actor.organizationId,
          units: units.filter((unit) => unit.organizationId === org.id).map((unit) => ({ id: unit.id, name: unit.name })),
          // Only the organisation's own officers are assignable, and only it knows them.
          officers: org.id === actor.organizationId ? officers.filter((officer) => officer.organizationId === org.id).map((officer) => ({ id: officer.id, name: officer.name })) : [],
          categories: categories.filter((category) => category.ownerKind === org.kind).map((category) => ({ code: category.code, name: { sv: category.nameSv, en: category.nameEn } })),
          defaultCategory: defaultActivityCategory[org.kind] ?? null,
        }))
        .sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name, "sv")),
      types: types.map((type) => ({ code: type.code, name: { sv: type.nameSv, en: type.nameEn } })),
      goals,
    };
  });
}
