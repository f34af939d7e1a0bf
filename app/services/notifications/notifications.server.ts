import { and, eq, isNull } from "drizzle-orm";
import { notifications } from "../../../db/schema";
import type { Actor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { countUnreadNotices, noticeKeys, readNotices, recipientOf } from "~/access/reads/notifications.server";
import { db, type Queryable } from "~/lib/db.server";
import { keysetOf, linesPerPage } from "~/lib/paging";
import { now } from "~/lib/time.server";

/**
 * In-app notices to a unit's functional mailbox or to a client. The text comes from `kind`
 * (i18n `cases:notifications.kinds.*`); a notice links to a case only while its recipient may
 * see it (decided by the gate when the notices are read).
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

/**
 * A page of the reader's unit's (or the client's own) notices, newest first, ISO times; `after`
 * is the page link (none: the first page; malformed: DomainError page.invalid_cursor, 400).
 */
export async function listNotifications(reader: Reader, { after, limit = linesPerPage }: { after?: string | null; limit?: number } = {}) {
  const { notices, next } = await readNotices(reader, { after: keysetOf(after, noticeKeys), limit });
  return { notices: notices.map((notice) => ({ ...notice, createdAt: notice.createdAt.toISOString() })), next };
}

/** Unread notices of the actor's unit (staff) or of the client. */
export function countUnread(actor: Actor): Promise<number> {
  return countUnreadNotices(recipientOf(actor));
}

export { countUnreadNotices };

export async function markAllRead(actor: Actor): Promise<void> {
  const recipient = recipientOf(actor);
  const who = "unitId" in recipient ? eq(notifications.unitId, recipient.unitId) : eq(notifications.clientId, recipient.clientId);
  await db().update(notifications).set({ readAt: now() }).where(and(who, isNull(notifications.readAt)));
}
