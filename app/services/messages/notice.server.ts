import { eq } from "drizzle-orm";
import { z } from "zod";
import { orgUnits } from "../../../db/schema";
import { db, type Queryable } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { sendJobIn } from "~/lib/job-queue.server";
import { errorFields, log } from "~/lib/log.server";
import { sendMail } from "~/lib/mail.server";

/**
 * The e-mail notice of a new message (ADR 0020): one mail to the receiving unit's functional
 * mailbox saying only that a message waits in Samsyn, with a link. Never the message's subject,
 * content, sender's reference, case or client; this module does not read the messages table.
 * Queued in the message's own transaction, sent by the job queue with retries, so a notice that
 * cannot be sent never costs the message.
 */
export const messageNoticeQueue = "message-notice";

/** A job's data: ids only. */
export interface MessageNotice {
  /** The receiving unit (org_units.id). */
  unitId: string;
  /** The new message (messages.id): only its id, for the link. */
  messageId: string;
}

const noticeSchema = z.object({ unitId: z.string().uuid(), messageId: z.string().uuid() });

/**
 * Queues the notice inside `tx`, the transaction that stores the message: the job exists only if
 * the message commits. Never throws for the queue's sake: should the job not be queued (the queue
 * not installed, a database error inside its savepoint), the message is kept and the failure is
 * logged (ids only). Throws only on data that is not two UUIDs (a bug in the caller).
 */
export async function queueMessageNotice(tx: Queryable, notice: MessageNotice): Promise<void> {
  const data = noticeSchema.parse(notice);
  try {
    // A savepoint: on PostgreSQL a failed statement would otherwise abort the message's transaction.
    const id = await tx.transaction((savepoint) => sendJobIn(savepoint, messageNoticeQueue, data));
    if (id === null) log.error("Message notice not queued: the job queue has no such queue", { queue: messageNoticeQueue, ...data });
  } catch (error) {
    log.error("Message notice not queued", { queue: messageNoticeQueue, ...data, ...errorFields(error) });
  }
}

/** The fixed subject: the same for every notice, so it says nothing about the message. */
export const messageNoticeSubject = "Nytt meddelande i Samsyn / New message in Samsyn";

/** The notice's plain text, Swedish first, then English; `link` is the only thing that varies. */
export function messageNoticeText(link: string): string {
  return [
    "Hej!",
    "",
    "Ett nytt meddelande väntar i er enhets funktionsbrevlåda i Samsyn.",
    "Logga in i Samsyn för att läsa det:",
    link,
    "",
    "Meddelandets innehåll skickas aldrig med e-post. Det här brevet skickas automatiskt och går inte att svara på.",
    "",
    "-----",
    "",
    "Hello,",
    "",
    "A new message is waiting in your unit's functional mailbox in Samsyn.",
    "Sign in to Samsyn to read it:",
    link,
    "",
    "The message's content is never sent by e-mail. This notice is sent automatically; replies are not read.",
    "",
  ].join("\n");
}

/**
 * The job's handler: sends the notice to the unit's mailbox address (org_units.mailbox, directory
 * data). Resolves when the SMTP server accepted the mail; rejects with the SMTP error so that the
 * queue retries. Data that is not two UUIDs, or a unit that no longer exists, is logged and
 * dropped (a retry could not help).
 */
export async function sendMessageNotice(notice: MessageNotice): Promise<void> {
  const parsed = noticeSchema.safeParse(notice);
  if (!parsed.success) {
    log.error("Message notice dropped: malformed job data", { queue: messageNoticeQueue });
    return;
  }
  const { unitId, messageId } = parsed.data;
  const [unit] = await db().select({ mailbox: orgUnits.mailbox }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) {
    log.warn("Message notice dropped: no such unit", { unitId, messageId });
    return;
  }
  // The unit in the link: an officer who works in several units lands in the right mailbox.
  const link = `${getEnv().publicUrl}/messages/${messageId}?unit=${unitId}`;
  await sendMail({ to: unit.mailbox, subject: messageNoticeSubject, text: messageNoticeText(link) });
}
