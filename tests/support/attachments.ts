import { createHash } from "node:crypto";
import { encryptBytes } from "~/lib/crypto.server";
import type { ReceivedAttachment } from "~/services/messages/attachments.server";

/** A small plain-text attachment as the upload reader would hand it over (one encrypted chunk). */
export function textAttachment(filename: string, text: string): ReceivedAttachment {
  const bytes = Buffer.from(text, "utf8");
  return { filename, contentType: "text/plain", size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), chunks: [encryptBytes(bytes)] };
}
