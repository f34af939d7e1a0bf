import { and, eq } from "drizzle-orm";
import { planActivities, planGoalComments, planGoals, planHistory, users } from "../../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { directoryOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readCase, readParticipants, type CaseScope } from "~/access/reads/cases.server";
import { readActivityToChange, readGoalOnCase, readLastChangedBy, readPlanGoal } from "~/access/reads/plan.server";
import { DomainError } from "~/lib/errors";
import { notifyClient, notifyUnits } from "~/services/notifications/notifications.server";
import { activityKeys, asValues, goalKeys, type ActivityInput, type GoalInput } from "./forms";

/**
 * Changes to the shared plan. Only the lead unit edits goals; only the responsible organisation
 * edits its activities; another organisation on the case may propose an activity, which the
 * responsible one accepts or declines. Every change keeps its before/after in plan_history and is
 * recorded in the look with `reader.changed`; concurrent edits are caught by a version number:
 * the second save gets the other person's version back, nothing is lost.
 */
export type { ActivityInput, GoalInput } from "./forms";

/** The second save of an item someone else changed first: carries their version so the page can show both. */
export class VersionConflict extends DomainError {
  constructor(
    /** Their version, as stored (field → value). */
    readonly current: Record<string, unknown>,
    readonly currentVersion: number,
    /** Who saved it (a staff member's name), null when not known. */
    readonly changedBy: string | null,
  ) {
    super("plan.version_conflict", 409);
  }

  /** For the route frame: their version as form values, its version number, and who saved it. */
  details(): { theirs: Record<string, string>; version: number; changedBy: string | null } {
    return { theirs: asValues(this.current), version: this.currentVersion, changedBy: this.changedBy };
  }
}

const pick = <K extends string>(row: Record<K, unknown>, keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, row[key]])) as Record<K, unknown>;

/** Only the fields a form may set, whatever else the input carries. */
const goalValues = (input: GoalInput) => pick(input, goalKeys) as GoalInput;
const activityValues = (input: ActivityInput) => pick(input, activityKeys) as ActivityInput;

async function history(reader: Reader, entry: typeof planHistory.$inferInsert) {
  await reader.tx.insert(planHistory).values(entry);
}

/**
 * Creates a goal (the lead unit, case.manage), or updates it when `existing` names it and the
 * version the editor saw. Returns the goal's id. Errors: 404; plan.version_conflict (409,
 * VersionConflict) when someone saved it since.
 */
export async function saveGoal(reader: Reader<StaffActor>, caseId: string, input: GoalInput, existing?: { goalId: string; version: number }): Promise<string> {
  const actor = reader.actor;
  const scope = await readCase(reader, caseId, { action: "case.manage", resourceType: "plan_goal", resourceId: existing?.goalId });
  const values = goalValues(input);
  const clientId = scope.row.clientId;
  if (!existing) {
    const [goal] = await reader.tx.insert(planGoals).values({ caseId, clientId, ...values, createdBy: actor.userId }).returning();
    await history(reader, { caseId, itemType: "goal", itemId: goal!.id, changedByUserId: actor.userId, change: "created", after: pick(goal!, goalKeys) });
    await notifyClient(reader.tx, clientId, { kind: "plan.changed", caseId });
    reader.changed({ action: "plan.goal.create", clientId, caseId, resourceType: "plan_goal", resourceId: goal!.id, basis: scope.decision.basis });
    return goal!.id;
  }
  const before = await readPlanGoal(reader, scope, existing.goalId);
  const [after] = await reader.tx
    .update(planGoals)
    .set({ ...values, version: before.version + 1, updatedAt: reader.at })
    .where(and(eq(planGoals.id, before.id), eq(planGoals.version, existing.version)))
    .returning();
  if (!after) throw new VersionConflict(pick(before, goalKeys), before.version, await readLastChangedBy(reader, scope, before.id));
  await history(reader, { caseId, itemType: "goal", itemId: before.id, changedByUserId: actor.userId, change: "updated", before: pick(before, goalKeys), after: pick(after, goalKeys) });
  await notifyClient(reader.tx, clientId, { kind: "plan.changed", caseId });
  reader.changed({ action: "plan.goal.update", clientId, caseId, resourceType: "plan_goal", resourceId: before.id, basis: scope.decision.basis });
  return before.id;
}

/** The client's own words on a goal of their plan (/me). Errors: plan.comment_required, plan.text_too_long, 404. */
export async function commentOnGoal(reader: Reader<ClientActor>, goalId: string, text: string): Promise<void> {
  const clean = text.trim();
  if (!clean) throw new DomainError("plan.comment_required");
  if (clean.length > 1000) throw new DomainError("plan.text_too_long");
  const { goal, scope } = await readGoalOnCase(reader, goalId);
  const clientId = reader.actor.clientId;
  const [comment] = await reader.tx.insert(planGoalComments).values({ goalId: goal.id, clientId, text: clean }).returning();
  await history(reader, { caseId: goal.caseId, itemType: "goal", itemId: goal.id, changedByClientId: clientId, change: "commented", after: { comment: comment!.text } });
  const lead = (await readParticipants(reader, scope)).filter((participant) => participant.organizationId === scope.row.leadOrganizationId);
  await notifyUnits(reader.tx, lead.map((participant) => participant.unitId), { kind: "plan.goal_comment", caseId: goal.caseId, subjectId: goal.id });
  reader.changed({ action: "plan.goal.comment", clientId, caseId: goal.caseId, resourceType: "plan_goal_comment", resourceId: comment!.id, basis: scope.decision.basis });
}

/**
 * Checks that the goal is one of this case's, and that the type, unit, assignee and category fit
 * the responsible organisation; returns the category. Errors: form.unknown_reference (a goal of
 * no goal or of another case), plan.* validation codes.
 */
async function validateActivity(reader: Reader, scope: CaseScope, input: ActivityInput) {
  if (input.goalId) await readPlanGoal(reader, scope, input.goalId).catch(() => Promise.reject(new DomainError("form.unknown_reference")));
  const { activityTypes, units, organizations, categories } = await directoryOf(reader);
  if (!activityTypes.has(input.typeCode)) throw new DomainError("plan.type_required");
  if (units.get(input.unitId)?.organizationId !== input.organizationId) throw new DomainError("plan.unit_required");
  const organization = organizations.get(input.organizationId);
  const category = categories.get(input.categoryCode);
  if (!category || !organization || category.ownerKind !== organization.kind) throw new DomainError("plan.category_required");
  if (input.assigneeId) {
    const [assignee] = await reader.tx.select({ id: users.id }).from(users).where(and(eq(users.id, input.assigneeId), eq(users.organizationId, input.organizationId)));
    if (!assignee) throw new DomainError("plan.assignee_invalid");
  }
  return category;
}

/**
 * Adds an activity: the actor's own organisation's (case.data.record on its category), or a
 * proposal for another organisation taking part in the open case, which that organisation then
 * accepts or declines. Returns its id. Errors: 404; plan.* validation codes; plan.not_participant.
 */
export async function createActivity(reader: Reader<StaffActor>, caseId: string, input: ActivityInput): Promise<string> {
  const actor = reader.actor;
  const values = activityValues(input);
  const own = values.organizationId === actor.organizationId;
  // The gate first: someone outside the case learns nothing from validation messages.
  const scope = await readCase(reader, caseId, { resourceType: own ? "plan_activity" : "plan_activity_proposal" });
  const category = await validateActivity(reader, scope, values);
  const basis = own ? await recordable(reader, scope, category) : await proposable(reader, scope, values.organizationId);
  const clientId = scope.row.clientId;
  const [activity] = await reader.tx
    .insert(planActivities)
    .values({ caseId, clientId, ...values, proposal: own ? "accepted" : "proposed", proposedByOrganizationId: own ? null : actor.organizationId, createdBy: actor.userId })
    .returning();
  await history(reader, { caseId, itemType: "activity", itemId: activity!.id, changedByUserId: actor.userId, change: own ? "created" : "proposed", after: pick(activity!, activityKeys) });
  if (own) await notifyClient(reader.tx, clientId, { kind: "plan.changed", caseId });
  else await notifyUnits(reader.tx, [values.unitId], { kind: "plan.proposal", caseId, subjectId: activity!.id });
  reader.changed({
    action: own ? "plan.activity.create" : "plan.activity.propose",
    clientId,
    caseId,
    resourceType: "plan_activity",
    resourceId: activity!.id,
    category: category.code,
    basis,
  });
  return activity!.id;
}

/** The actor's organisation records under its own category (case.data.record; refused → 404). */
async function recordable(reader: Reader<StaffActor>, scope: CaseScope, category: { code: string; ownerKind: StaffActor["organizationKind"] }) {
  const resource = { type: "case_data" as const, case: scope.facts, ownerOrganizationId: reader.actor.organizationId, ownerKind: category.ownerKind, category: category.code };
  return (await reader.require("case.data.record", resource, { resourceType: "plan_activity" })).basis;
}

/** A proposal goes to an organisation taking part in the case, while the case is open. */
async function proposable(reader: Reader<StaffActor>, scope: CaseScope, organizationId: string) {
  const participants = await readParticipants(reader, scope);
  if (scope.row.status !== "open" || !participants.some((participant) => participant.organizationId === organizationId)) throw new DomainError("plan.not_participant");
  return scope.decision.basis;
}

/**
 * Updates the actor's organisation's own accepted activity, if nobody saved it since
 * `expectedVersion`. Errors: 404; plan.* validation codes; plan.not_accepted;
 * plan.version_conflict (409, VersionConflict).
 */
export async function updateActivity(reader: Reader<StaffActor>, caseId: string, activityId: string, input: ActivityInput, expectedVersion: number): Promise<void> {
  const { row: before, scope } = await readActivityToChange(reader, caseId, activityId);
  const values = { ...activityValues(input), organizationId: before.organizationId };
  const category = await validateActivity(reader, scope, values);
  if (before.proposal !== "accepted") throw new DomainError("plan.not_accepted");
  const [after] = await reader.tx
    .update(planActivities)
    .set({ ...values, version: before.version + 1, updatedAt: reader.at })
    .where(and(eq(planActivities.id, before.id), eq(planActivities.version, expectedVersion)))
    .returning();
  if (!after) throw new VersionConflict(pick(before, activityKeys), before.version, await readLastChangedBy(reader, scope, before.id));
  await history(reader, { caseId: before.caseId, itemType: "activity", itemId: before.id, changedByUserId: reader.actor.userId, change: "updated", before: pick(before, activityKeys), after: pick(after, activityKeys) });
  await notifyClient(reader.tx, scope.row.clientId, { kind: "plan.changed", caseId: before.caseId });
  reader.changed({ action: "plan.activity.update", clientId: scope.row.clientId, caseId: before.caseId, resourceType: "plan_activity", resourceId: before.id, category: category.code, basis: "own_organization" });
}

/** The responsible organisation accepts or declines a proposed activity. Errors: 404; plan.not_proposed. */
export async function decideProposal(reader: Reader<StaffActor>, caseId: string, activityId: string, accept: boolean): Promise<void> {
  const { row: before, scope } = await readActivityToChange(reader, caseId, activityId);
  if (before.proposal !== "proposed") throw new DomainError("plan.not_proposed");
  const outcome = accept ? "accepted" : "declined";
  await reader.tx.update(planActivities).set({ proposal: outcome, version: before.version + 1, updatedAt: reader.at }).where(eq(planActivities.id, before.id));
  await history(reader, { caseId: before.caseId, itemType: "activity", itemId: before.id, changedByUserId: reader.actor.userId, change: outcome, before: { proposal: "proposed" }, after: { proposal: outcome } });
  if (before.proposedByOrganizationId) {
    const proposers = (await readParticipants(reader, scope)).filter((participant) => participant.organizationId === before.proposedByOrganizationId);
    await notifyUnits(reader.tx, proposers.map((participant) => participant.unitId), { kind: accept ? "plan.proposal_accepted" : "plan.proposal_declined", caseId: before.caseId, subjectId: before.id });
  }
  if (accept) await notifyClient(reader.tx, scope.row.clientId, { kind: "plan.changed", caseId: before.caseId });
  reader.changed({
    action: accept ? "plan.proposal.accept" : "plan.proposal.decline",
    clientId: scope.row.clientId,
    caseId: before.caseId,
    resourceType: "plan_activity",
    resourceId: before.id,
    category: before.categoryCode,
    basis: "own_organization",
  });
}
