import { and, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db, type Queryable } from "~/lib/db.server";
import { now } from "~/lib/time.server";

/**
 * In-app notices to a unit's functional mailbox or to a client. The text comes from `kind`
 * (i18n `cases:notifications.kinds.*`); a notice links to a case only when its recipient may see it.
 */
export interface NoticeTarget {
  kind: string;
  caseId?: string;
  subjectId?: string;
  /** The same key never makes a second notice (reminders that run twice, for example). */
  dedupeKey?: string;
}

/** Notifies each unit once; returns how many notices are new (a repeated dedupeKey adds none). */
export async function notifyUnits(q: Queryable, unitIds: string[], notice: NoticeTarget): Promise<number> {
  const unique = [...new Set(unitIds)];
  if (unique.length === 0) return 0;
  const inserted = await q
    .insert(notifications)
    .values(unique.map((unitId) => ({ unitId, ...notice, dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:${unitId}` : undefined })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

export async function notifyClient(q: Queryable, clientId: string, notice: NoticeTarget): Promise<void> {
  await q
    .insert(notifications)
    .values({ clientId, ...notice, dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:${clientId}` : undefined })
    .onConflictDoNothing();
}

const recipient = (actor: StaffActor | ClientActor) =>
  actor.kind === "staff" ? eq(notifications.unitId, actor.unitId) : eq(notifications.clientId, actor.clientId);

/** The actor's unit's (or the client's own) latest notices. */
export async function listNotifications(actor: StaffActor | ClientActor) {
  const rows = await db().select().from(notifications).where(recipient(actor)).orderBy(desc(notifications.createdAt)).limit(50);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    caseId: row.caseId,
    subjectId: row.subjectId,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  }));
}

export async function countUnread(actor: { unitId: string } | { clientId: string }): Promise<number> {
  const who = "unitId" in actor ? eq(notifications.unitId, actor.unitId) : eq(notifications.clientId, actor.clientId);
  const rows = await db().select({ id: notifications.id }).from(notifications).where(and(who, isNull(notifications.readAt)));
  return rows.length;
}

export async function markAllRead(actor: StaffActor | ClientActor): Promise<void> {
  await db()
    .update(notifications)
    .set({ readAt: now() })
    .where(and(recipient(actor), isNull(notifications.readAt)));
}
