import { asc, eq } from "drizzle-orm";
import { messageAttachmentChunks } from "../../../db/schema";
import type { Queryable } from "~/lib/db.server";

/**
 * The stored (encrypted) chunks of one message attachment, in order (`seq` ascending): each is
 * a value of `encryptBytes` (app/lib/crypto.server.ts) holding at most one chunk of the plain
 * file. An attachment that does not exist, or has no content, gives `[]`.
 *
 * No decision is taken here: callers must first have passed the gate for the attachment's
 * message (its `message.read` decision through the request's reader) and pass that request's
 * transaction as `tx`. Decrypt with `decryptedStream` (app/services/messages/attachments.server.ts).
 */
export async function attachmentChunks(tx: Queryable, attachmentId: string): Promise<Buffer[]> {
  const rows = await tx
    .select({ content: messageAttachmentChunks.content })
    .from(messageAttachmentChunks)
    .where(eq(messageAttachmentChunks.attachmentId, attachmentId))
    .orderBy(asc(messageAttachmentChunks.seq));
  return rows.map((row) => row.content);
}
