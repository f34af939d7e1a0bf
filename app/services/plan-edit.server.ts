import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { activityTypes, caseParticipants, cases, infoCategories, organizations, orgUnits, planActivities, planGoalComments, planGoals, planHistory, users } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { authorize, gated, loadPolicyConsents } from "~/access/gate.server";
import type { Transaction } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";
import { caseFacts } from "./cases.server";
import { notifyClient, notifyUnits } from "~/services/notifications/notifications.server";

/**
 * Changes to the shared plan. Only the lead unit's organisation edits goals; only the responsible
 * organisation edits its activities; others may propose an activity for an organisation, which
 * accepts or declines it. Every change keeps its before/after, and concurrent edits are caught
 * by a version number: the second save gets the other person's version back, nothing is lost.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "plan.date_invalid");

export const goalSchema = z.object({
  text: z.string().trim().min(1, "plan.goal_text_required").max(1000, "plan.text_too_long"),
  clientWords: z.string().trim().max(1000, "plan.text_too_long").optional().transform((value) => value || null),
  targetDate: isoDate.optional().or(z.literal("")).transform((value) => value || null),
  status: z.enum(["active", "achieved", "paused", "cancelled"]),
});

export const activitySchema = z
  .object({
    title: z.string().trim().min(1, "plan.title_required").max(200, "plan.text_too_long"),
    typeCode: z.string().min(1, "plan.type_required"),
    goalId: z.string().uuid().optional().or(z.literal("")).transform((value) => value || null),
    organizationId: z.string().uuid("plan.organization_required"),
    unitId: z.string().uuid("plan.unit_required"),
    assigneeId: z.string().max(100).optional().or(z.literal("")).transform((value) => value || null),
    startDate: isoDate,
    endDate: isoDate,
    extent: z.coerce.number({ message: "plan.extent_invalid" }).int("plan.extent_invalid").min(0, "plan.extent_invalid").max(100, "plan.extent_invalid"),
    status: z.enum(["planned", "ongoing", "paused", "done", "cancelled"]),
    followUpDate: isoDate.optional().or(z.literal("")).transform((value) => value || null),
    note: z.string().trim().max(1000, "plan.text_too_long").optional().transform((value) => value || null),
    categoryCode: z.string().min(1, "plan.category_required"),
  })
  .refine((value) => value.endDate >= value.startDate, { message: "plan.end_before_start", path: ["endDate"] });

export type GoalInput = z.infer<typeof goalSchema>;
export type ActivityInput = z.infer<typeof activitySchema>;

/** The second save of an item someone else changed first: carries their version so the page can show both. */
export class VersionConflict extends DomainError {
  constructor(readonly current: Record<string, unknown>, readonly currentVersion: number, readonly changedBy: string | null) {
    super("plan.version_conflict", 409);
  }
}

async function history(tx: Transaction, entry: typeof planHistory.$inferInsert) {
  await tx.insert(planHistory).values(entry);
}

const snapshot = <T extends Record<string, unknown>>(row: T, keys: (keyof T)[]) => Object.fromEntries(keys.map((key) => [key, row[key]]));
const goalKeys = ["text", "clientWords", "targetDate", "status"] as const;
const activityKeys = ["title", "typeCode", "goalId", "organizationId", "unitId", "assigneeId", "startDate", "endDate", "extent", "status", "followUpDate", "note", "categoryCode"] as const;

async function caseFor(tx: Transaction, caseId: string) {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new DomainError("not_found", 404);
  return row;
}

/** Who saved the item last: the name shown next to "their" version in a conflict. */
async function lastChangedBy(tx: Transaction, itemId: string): Promise<string | null> {
  const [row] = await tx
    .select({ name: users.name })
    .from(planHistory)
    .leftJoin(users, eq(users.id, planHistory.changedByUserId))
    .where(eq(planHistory.itemId, itemId))
    .orderBy(desc(planHistory.changedAt))
    .limit(1);
  return row?.name ?? null;
}

/** Creates a goal, or updates it when `goalId` and the version the editor saw are given. */
export async function saveGoal(actor: StaffActor, caseId: string, input: GoalInput, existing?: { goalId: string; version: number }): Promise<string> {
  return gated(async (tx) => {
    const kase = await caseFor(tx, caseId);
    await authorize(tx, actor, "case.manage", { type: "case", case: caseFacts(kase) }, { resourceType: "plan_goal", resourceId: existing?.goalId });
    if (!existing) {
      const [goal] = await tx.insert(planGoals).values({ caseId, clientId: kase.clientId, ...input, createdBy: actor.userId }).returning();
      await history(tx, { caseId, itemType: "goal", itemId: goal!.id, changedByUserId: actor.userId, change: "created", after: snapshot(goal!, [...goalKeys]) });
      await notifyClient(tx, kase.clientId, { kind: "plan.changed", caseId });
      return goal!.id;
    }
    const [before] = await tx.select().from(planGoals).where(and(eq(planGoals.id, existing.goalId), eq(planGoals.caseId, caseId)));
    if (!before) throw new DomainError("not_found", 404);
    const [after] = await tx
      .update(planGoals)
      .set({ ...input, version: before.version + 1, updatedAt: now() })
      .where(and(eq(planGoals.id, before.id), eq(planGoals.version, existing.version)))
      .returning();
    if (!after) throw new VersionConflict(snapshot(before, [...goalKeys]), before.version, await lastChangedBy(tx, before.id));
    await history(tx, { caseId, itemType: "goal", itemId: before.id, changedByUserId: actor.userId, change: "updated", before: snapshot(before, [...goalKeys]), after: snapshot(after, [...goalKeys]) });
    await notifyClient(tx, kase.clientId, { kind: "plan.changed", caseId });
    return before.id;
  });
}

/** The client's own words on a goal, from /me. */
export async function commentOnGoal(actor: ClientActor, goalId: string, text: string): Promise<void> {
  const clean = text.trim();
  if (!clean) throw new DomainError("plan.comment_required");
  if (clean.length > 1000) throw new DomainError("plan.text_too_long");
  await gated(async (tx) => {
    const [goal] = await tx.select().from(planGoals).where(eq(planGoals.id, goalId));
    if (!goal) throw new DomainError("not_found", 404);
    const kase = await caseFor(tx, goal.caseId);
    await authorize(tx, actor, "case.view", { type: "case", case: caseFacts(kase) }, { resourceType: "plan_goal", resourceId: goal.id });
    const [comment] = await tx.insert(planGoalComments).values({ goalId, clientId: actor.clientId, text: clean }).returning();
    await history(tx, { caseId: goal.caseId, itemType: "goal", itemId: goal.id, changedByClientId: actor.clientId, change: "commented", after: { comment: comment!.text } });
    const leadUnits = await tx.select({ unitId: caseParticipants.unitId }).from(caseParticipants).where(and(eq(caseParticipants.caseId, goal.caseId), eq(caseParticipants.organizationId, kase.leadOrganizationId)));
    await notifyUnits(tx, leadUnits.map((unit) => unit.unitId), { kind: "plan.goal_comment", caseId: goal.caseId, subjectId: goal.id });
  });
}

/** Checks that the type, unit, assignee and category fit the responsible organisation. */
async function validateActivity(tx: Transaction, input: ActivityInput) {
  const [type] = await tx.select().from(activityTypes).where(eq(activityTypes.code, input.typeCode));
  if (!type) throw new DomainError("plan.type_required");
  const [unit] = await tx.select().from(orgUnits).where(and(eq(orgUnits.id, input.unitId), eq(orgUnits.organizationId, input.organizationId)));
  if (!unit) throw new DomainError("plan.unit_required");
  const [organization] = await tx.select().from(organizations).where(eq(organizations.id, input.organizationId));
  const [category] = await tx.select().from(infoCategories).where(eq(infoCategories.code, input.categoryCode));
  if (!category || category.ownerKind !== organization?.kind) throw new DomainError("plan.category_required");
  if (input.assigneeId) {
    const [assignee] = await tx.select().from(users).where(and(eq(users.id, input.assigneeId), eq(users.organizationId, input.organizationId)));
    if (!assignee) throw new DomainError("plan.assignee_invalid");
  }
  return category;
}

/**
 * Adds an activity: the actor's own organisation's (recorded as theirs), or a proposal for another
 * organisation taking part in the case, which that organisation then accepts or declines.
 */
export async function createActivity(actor: StaffActor, caseId: string, input: ActivityInput): Promise<string> {
  return gated(async (tx) => {
    const kase = await caseFor(tx, caseId);
    const facts = caseFacts(kase);
    const consentsForCase = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    const own = input.organizationId === actor.organizationId;
    // The gate first: someone outside the case learns nothing from validation messages.
    await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents: consentsForCase, resourceType: own ? "plan_activity" : "plan_activity_proposal" });
    const category = await validateActivity(tx, input);
    if (own) {
      await authorize(tx, actor, "case.data.record", { type: "case_data", case: facts, ownerOrganizationId: actor.organizationId, ownerKind: category.ownerKind, category: category.code }, { consents: consentsForCase, resourceType: "plan_activity" });
    } else {
      const [participant] = await tx.select().from(caseParticipants).where(and(eq(caseParticipants.caseId, caseId), eq(caseParticipants.organizationId, input.organizationId)));
      if (!participant || kase.status !== "open") throw new DomainError("plan.not_participant");
    }
    const [activity] = await tx
      .insert(planActivities)
      .values({
        caseId,
        clientId: kase.clientId,
        ...input,
        proposal: own ? "accepted" : "proposed",
        proposedByOrganizationId: own ? null : actor.organizationId,
        createdBy: actor.userId,
      })
      .returning();
    await history(tx, { caseId, itemType: "activity", itemId: activity!.id, changedByUserId: actor.userId, change: own ? "created" : "proposed", after: snapshot(activity!, [...activityKeys]) });
    if (own) await notifyClient(tx, kase.clientId, { kind: "plan.changed", caseId });
    else await notifyUnits(tx, [input.unitId], { kind: "plan.proposal", caseId, subjectId: activity!.id });
    return activity!.id;
  });
}

/** Updates the actor's organisation's own activity, if nobody saved it since the version the editor saw. */
export async function updateActivity(actor: StaffActor, activityId: string, input: ActivityInput, expectedVersion: number): Promise<void> {
  await gated(async (tx) => {
    const [before] = await tx.select().from(planActivities).where(eq(planActivities.id, activityId));
    if (!before) throw new DomainError("not_found", 404);
    const kase = await caseFor(tx, before.caseId);
    const [current] = await tx.select().from(infoCategories).where(eq(infoCategories.code, before.categoryCode));
    await authorize(tx, actor, "case.data.record", { type: "case_data", case: caseFacts(kase), ownerOrganizationId: before.organizationId, ownerKind: current!.ownerKind, category: before.categoryCode }, { resourceType: "plan_activity", resourceId: activityId });
    await validateActivity(tx, { ...input, organizationId: before.organizationId });
    if (before.proposal !== "accepted") throw new DomainError("plan.not_accepted");
    const [after] = await tx
      .update(planActivities)
      .set({ ...input, organizationId: before.organizationId, version: before.version + 1, updatedAt: now() })
      .where(and(eq(planActivities.id, activityId), eq(planActivities.version, expectedVersion)))
      .returning();
    if (!after) throw new VersionConflict(snapshot(before, [...activityKeys]), before.version, await lastChangedBy(tx, activityId));
    await history(tx, { caseId: before.caseId, itemType: "activity", itemId: activityId, changedByUserId: actor.userId, change: "updated", before: snapshot(before, [...activityKeys]), after: snapshot(after, [...activityKeys]) });
    await notifyClient(tx, kase.clientId, { kind: "plan.changed", caseId: before.caseId });
  });
}

/** The responsible organisation accepts or declines a proposed activity. */
export async function decideProposal(actor: StaffActor, activityId: string, accept: boolean): Promise<void> {
  await gated(async (tx) => {
    const [before] = await tx.select().from(planActivities).where(eq(planActivities.id, activityId));
    if (!before) throw new DomainError("not_found", 404);
    const kase = await caseFor(tx, before.caseId);
    const [category] = await tx.select().from(infoCategories).where(eq(infoCategories.code, before.categoryCode));
    await authorize(tx, actor, "case.data.record", { type: "case_data", case: caseFacts(kase), ownerOrganizationId: before.organizationId, ownerKind: category!.ownerKind, category: before.categoryCode }, { resourceType: "plan_activity", resourceId: activityId });
    if (before.proposal !== "proposed") throw new DomainError("plan.not_proposed");
    await tx.update(planActivities).set({ proposal: accept ? "accepted" : "declined", version: before.version + 1, updatedAt: now() }).where(eq(planActivities.id, activityId));
    await history(tx, { caseId: before.caseId, itemType: "activity", itemId: activityId, changedByUserId: actor.userId, change: accept ? "accepted" : "declined", before: { proposal: "proposed" }, after: { proposal: accept ? "accepted" : "declined" } });
    if (before.proposedByOrganizationId) {
      const proposers = await tx.select({ unitId: caseParticipants.unitId }).from(caseParticipants).where(and(eq(caseParticipants.caseId, before.caseId), eq(caseParticipants.organizationId, before.proposedByOrganizationId)));
      await notifyUnits(tx, proposers.map((unit) => unit.unitId), { kind: accept ? "plan.proposal_accepted" : "plan.proposal_declined", caseId: before.caseId, subjectId: activityId });
    }
    if (accept) await notifyClient(tx, kase.clientId, { kind: "plan.changed", caseId: before.caseId });
    await recordAudit(actor, actor.http, { action: accept ? "plan.proposal.accept" : "plan.proposal.decline", outcome: "success", clientId: kase.clientId, caseId: kase.id, resourceType: "plan_activity", resourceId: activityId }, tx);
  });
}
