import { createHash } from "node:crypto";
import { encryptBytes } from "~/lib/crypto.server";
import { attachmentChunkBytes, type ReceivedAttachment } from "~/services/messages/attachments.server";

/**
 * A plain-text attachment as the upload reader would hand it over: encrypted in chunks of
 * `chunkBytes` plain bytes (the reader's `attachmentChunkBytes` unless a test cuts it smaller).
 */
export function textAttachment(filename: string, text: string, chunkBytes = attachmentChunkBytes): ReceivedAttachment {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += chunkBytes) chunks.push(encryptBytes(bytes.subarray(start, start + chunkBytes)));
  return { filename, contentType: "text/plain", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), chunks };
}
