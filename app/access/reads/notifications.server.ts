import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { cases, notifications } from "../../../db/schema";
import type { Actor } from "../actor";
import type { Reader } from "../reader.server";
import { caseFacts } from "./cases.server";
import { db, type Queryable } from "~/lib/db.server";
import { afterKeyset, exactTime, keysetLink } from "~/lib/paging";

/**
 * Notices in a unit's functional mailbox or a client's own. A notice carries a kind and ids,
 * never content; a notice about a case leads to it only while the gate lets the reader see
 * that case (decided and recorded like any line of a list).
 */
export type Recipient = { unitId: string } | { clientId: string };

const addressedTo = (recipient: Recipient) =>
  "unitId" in recipient ? eq(notifications.unitId, recipient.unitId) : eq(notifications.clientId, recipient.clientId);

export const recipientOf = (actor: Actor): Recipient => (actor.kind === "staff" ? { unitId: actor.unitId } : { clientId: actor.clientId });

export interface NoticeRead {
  id: string;
  kind: string;
  /** Null when there is no case, or when the reader may not see the case (any more). */
  caseId: string | null;
  subjectId: string | null;
  createdAt: Date;
  read: boolean;
}

/** A page of a recipient's notices as one statement, `limit + 1` rows (tests explain this very statement). */
export function noticePage(q: Queryable, recipient: Recipient, page: { after?: string[]; limit: number }) {
  return q
    .select({ row: notifications, at: exactTime(notifications.createdAt) })
    .from(notifications)
    .where(and(addressedTo(recipient), page.after ? afterKeyset([notifications.createdAt, notifications.id], page.after, noticeKeys, "desc") : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit + 1);
}

/** The keys notices are ordered by (newest first): when made, then id. */
export const noticeKeys = ["time", "uuid"] as const;

/**
 * A page of the reader's notices, newest first: `limit` rows after the keyset `after` (see
 * noticeKeys), read through the recipient's index in that order; `next` is the link of the
 * following page (null on the last). Each case link is decided by the gate.
 */
export async function readNotices(reader: Reader, page: { after?: string[]; limit: number }): Promise<{ notices: NoticeRead[]; next: string | null }> {
  const read = await noticePage(reader.tx, recipientOf(reader.actor), page);
  const rows = read.slice(0, page.limit).map(({ row }) => row);
  const last = read.length > page.limit ? read[page.limit - 1] : undefined;
  const caseIds = [...new Set(rows.flatMap((row) => (row.caseId ? [row.caseId] : [])))];
  const caseRows = caseIds.length ? await reader.tx.select().from(cases).where(inArray(cases.id, caseIds)) : [];
  await reader.consentsFor(caseIds);
  const visible = new Set<string>();
  for (const row of caseRows) {
    const decision = await reader.check("case.view", { type: "case", case: caseFacts(row) }, { resourceType: "notice", resourceId: row.id });
    if (decision.allowed) visible.add(row.id);
  }
  const notices = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    caseId: row.caseId && visible.has(row.caseId) ? row.caseId : null,
    subjectId: !row.caseId || visible.has(row.caseId) ? row.subjectId : null,
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
  return { notices, next: last ? keysetLink([last.at, last.row.id]) : null };
}

/**
 * How many notices are unread: a count of the recipient's own mailbox, no client data, so it
 * needs no reader (the page header asks on every page).
 */
export async function countUnreadNotices(recipient: Recipient): Promise<number> {
  const [row] = await db().select({ n: count() }).from(notifications).where(and(addressedTo(recipient), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}
