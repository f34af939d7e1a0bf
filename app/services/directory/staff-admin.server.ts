import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { orgUnits, staffEnrolments, staffRole, staffUnitMemberships, users, type StaffRole } from "../../../db/schema";
import type { HttpFacts, StaffActor } from "~/access/actor";
import { endAllSessions } from "~/lib/auth/session.server";
import { randomToken, sha256 } from "~/lib/auth/tokens.server";
import { db, type Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";

/**
 * An organisation administrator manages the staff of their own organisation only: every
 * query is scoped to the actor's organisation in its WHERE clause, and a user of another
 * organisation is simply not found. The role gives no access to client data.
 */
export const enrolmentValidityMs = 7 * 24 * 3_600_000;

function assertAdmin(actor: StaffActor) {
  if (actor.role !== "org_admin") throw new DomainError("auth.forbidden", 403);
}

export async function listStaffForAdmin(actor: StaffActor) {
  assertAdmin(actor);
  return db()
    .select({
      id: users.id,
      name: users.name,
      title: users.title,
      email: users.email,
      role: users.role,
      active: users.active,
      enrolled: users.totpEnrolledAt,
      unitId: users.unitId,
      unitName: orgUnits.name,
    })
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(eq(users.organizationId, actor.organizationId))
    .orderBy(asc(users.name));
}

export async function getStaffForAdmin(actor: StaffActor, userId: string) {
  assertAdmin(actor);
  const [user] = await db()
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organizationId, actor.organizationId)));
  if (!user) {
    // Deny by default, and keep the attempt: another organisation's user is simply not found.
    await recordAudit(actor, actor.http, { action: "admin.user_access", outcome: "denied", reason: "not_own_organization", resourceType: "user", resourceId: userId });
    throw new DomainError("not_found", 404);
  }
  return user;
}

export const newStaffSchema = z.object({
  name: z.string().trim().min(1, "admin.name_required").max(200),
  title: z.string().trim().min(1, "admin.title_required").max(200),
  email: z.string().trim().toLowerCase().email("admin.email_invalid").max(320),
  role: z.enum(staffRole.enumValues, { message: "admin.role_invalid" }),
  unitId: z.string().uuid("admin.unit_invalid"),
});

async function assertOwnUnit(q: Queryable, actor: StaffActor, unitId: string) {
  const [unit] = await q
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, unitId), eq(orgUnits.organizationId, actor.organizationId)));
  if (!unit) throw new DomainError("admin.unit_invalid");
}

async function issueEnrolment(q: Queryable, actor: StaffActor, userId: string): Promise<string> {
  const token = randomToken();
  await q.insert(staffEnrolments).values({
    userId,
    tokenHash: sha256(token),
    createdBy: actor.userId,
    expiresAt: new Date(now().getTime() + enrolmentValidityMs),
  });
  return token;
}

/** Creates a staff account in the actor's organisation; returns the one-time enrolment token. */
export async function createStaffUser(actor: StaffActor, input: z.infer<typeof newStaffSchema>, facts: HttpFacts) {
  assertAdmin(actor);
  return db().transaction(async (tx) => {
    await assertOwnUnit(tx, actor, input.unitId);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (taken) throw new DomainError("admin.email_taken");
    const userId = randomUUID();
    await tx.insert(users).values({ id: userId, organizationId: actor.organizationId, ...input });
    const token = await issueEnrolment(tx, actor, userId);
    await recordAudit(actor, facts, { action: "admin.user_created", outcome: "success", resourceType: "user", resourceId: userId, details: { role: input.role, unitId: input.unitId } }, tx);
    return { userId, token };
  });
}

/** A new enrolment link for a user who has not finished enrolling (older links stop working). */
export async function reissueEnrolment(actor: StaffActor, userId: string, facts: HttpFacts) {
  const user = await getStaffForAdmin(actor, userId);
  if (!user.active) throw new DomainError("admin.user_inactive");
  return db().transaction(async (tx) => {
    await tx
      .update(staffEnrolments)
      .set({ usedAt: now() })
      .where(and(eq(staffEnrolments.userId, userId), isNull(staffEnrolments.usedAt), gt(staffEnrolments.expiresAt, now())));
    const token = await issueEnrolment(tx, actor, userId);
    await recordAudit(actor, facts, { action: "admin.enrolment_issued", outcome: "success", resourceType: "user", resourceId: userId }, tx);
    return token;
  });
}

/**
 * A user's role and unit (the edit form sends both): both checked before anything is saved, then
 * saved together in one transaction, so that a refused unit never leaves the role changed alone.
 */
export async function updateStaffUser(actor: StaffActor, userId: string, change: { role?: StaffRole; unitId?: string }, facts: HttpFacts) {
  const user = await getStaffForAdmin(actor, userId);
  const role = change.role ?? user.role;
  const unitId = change.unitId ?? user.unitId;
  const roleChanges = user.role !== role;
  const unitChanges = user.unitId !== unitId;
  if (roleChanges && user.id === actor.userId) throw new DomainError("admin.cannot_change_self");
  if (!roleChanges && !unitChanges) return;
  await db().transaction(async (tx) => {
    if (unitChanges) await assertOwnUnit(tx, actor, unitId);
    await tx
      .update(users)
      .set({ role, unitId })
      .where(and(eq(users.id, userId), eq(users.organizationId, actor.organizationId)));
    const audit = { outcome: "success" as const, resourceType: "user", resourceId: userId };
    if (roleChanges) await recordAudit(actor, facts, { ...audit, action: "admin.role_changed", details: { from: user.role, to: role } }, tx);
    if (unitChanges) await recordAudit(actor, facts, { ...audit, action: "admin.unit_changed", details: { from: user.unitId, to: unitId } }, tx);
  });
}

/** The further units a user of the actor's organisation works in (besides their own), by id. */
export async function furtherUnitsOf(actor: StaffActor, userId: string): Promise<string[]> {
  assertAdmin(actor);
  const rows = await db()
    .select({ unitId: staffUnitMemberships.unitId })
    .from(staffUnitMemberships)
    .innerJoin(orgUnits, eq(orgUnits.id, staffUnitMemberships.unitId))
    .where(and(eq(staffUnitMemberships.userId, userId), eq(orgUnits.organizationId, actor.organizationId)));
  return rows.map((row) => row.unitId);
}

/**
 * Sets the further units a user works in (their functional mailboxes too): units of the actor's
 * own organisation other than the user's own. Refused: admin.unit_invalid (400) for any other unit,
 * with nothing changed. Recorded as admin.units_changed with the units added and removed.
 */
export async function setFurtherUnits(actor: StaffActor, userId: string, unitIds: string[], facts: HttpFacts): Promise<void> {
  const user = await getStaffForAdmin(actor, userId);
  const wanted = [...new Set(unitIds)].filter((unitId) => unitId !== user.unitId);
  const before = await furtherUnitsOf(actor, userId);
  const added = wanted.filter((unitId) => !before.includes(unitId));
  const removed = before.filter((unitId) => !wanted.includes(unitId));
  if (added.length === 0 && removed.length === 0) return;
  await db().transaction(async (tx) => {
    for (const unitId of added) await assertOwnUnit(tx, actor, unitId);
    if (removed.length > 0) await tx.delete(staffUnitMemberships).where(and(eq(staffUnitMemberships.userId, userId), inArray(staffUnitMemberships.unitId, removed)));
    if (added.length > 0) await tx.insert(staffUnitMemberships).values(added.map((unitId) => ({ userId, unitId, addedBy: actor.userId })));
    await recordAudit(actor, facts, { action: "admin.units_changed", outcome: "success", resourceType: "user", resourceId: userId, details: { added, removed } }, tx);
  });
}

/** Deactivates a user and ends every one of their sessions at once. */
export async function deactivateStaffUser(actor: StaffActor, userId: string, facts: HttpFacts) {
  const user = await getStaffForAdmin(actor, userId);
  if (user.id === actor.userId) throw new DomainError("admin.cannot_change_self");
  if (!user.active) return;
  await db().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ active: false, deactivatedAt: now() })
      .where(and(eq(users.id, userId), eq(users.organizationId, actor.organizationId)));
    await recordAudit(actor, facts, { action: "admin.user_deactivated", outcome: "success", resourceType: "user", resourceId: userId }, tx);
  });
  await endAllSessions("staff", userId);
}
