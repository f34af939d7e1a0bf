import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { cases, notifications } from "../../../db/schema";
import type { Actor } from "../actor";
import type { Reader } from "../reader.server";
import { caseFacts } from "./cases.server";
import { db } from "~/lib/db.server";

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

/** The reader's latest notices (at most `limit`), each case link decided by the gate. */
export async function readNotices(reader: Reader, limit = 50): Promise<NoticeRead[]> {
  const rows = await reader.tx.select().from(notifications).where(addressedTo(recipientOf(reader.actor))).orderBy(desc(notifications.createdAt)).limit(limit);
  const caseIds = [...new Set(rows.flatMap((row) => (row.caseId ? [row.caseId] : [])))];
  const caseRows = caseIds.length ? await reader.tx.select().from(cases).where(inArray(cases.id, caseIds)) : [];
  await reader.consentsFor(caseIds);
  const visible = new Set<string>();
  for (const row of caseRows) {
    const decision = await reader.check("case.view", { type: "case", case: caseFacts(row) }, { resourceType: "notice", resourceId: row.id });
    if (decision.allowed) visible.add(row.id);
  }
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    caseId: row.caseId && visible.has(row.caseId) ? row.caseId : null,
    subjectId: !row.caseId || visible.has(row.caseId) ? row.subjectId : null,
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
}

/**
 * How many notices are unread: a count of the recipient's own mailbox, no client data, so it
 * needs no reader (the page header asks on every page).
 */
export async function countUnreadNotices(recipient: Recipient): Promise<number> {
  const [row] = await db().select({ n: count() }).from(notifications).where(and(addressedTo(recipient), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}
