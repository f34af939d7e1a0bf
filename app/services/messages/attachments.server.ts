import { isUtf8 } from "node:buffer";
import { createHash, type Hash } from "node:crypto";
import busboy from "busboy";
import { encodeExtended } from "content-disposition";
import { fileTypeFromBuffer } from "file-type";
import { PDFDocument } from "pdf-lib";
import { messageAttachmentChunks, messageAttachments } from "../../../db/schema";
import { decryptBytes, encryptBytes } from "~/lib/crypto.server";
import type { Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { failureOf, readForm } from "~/lib/http.server";
import { cleanText } from "~/lib/text";
import { containsIdentityNumber } from "./subject";

/**
 * Attachments of messages: the upload read as a stream (type detected from the bytes, limits
 * enforced as bytes arrive, every chunk encrypted as it comes), stored as encrypted chunks in
 * `message_attachment_chunks`, and served back as a download that is never rendered.
 * Pure of policy: the caller decides with the gate who may send or read (a read of the stored
 * chunks is `attachmentChunks` in app/access/reads/attachment-content.server.ts).
 */

/** At most this many files on one message. */
export const maxAttachments = 10;
/** At most this many bytes in one file (25 MiB). */
export const maxAttachmentBytes = 25 * 1024 * 1024;
/** At most this many bytes in all the files of one message together (30 MiB). */
export const maxTotalAttachmentBytes = 30 * 1024 * 1024;
/**
 * At most this many bytes of text fields (names and values, UTF-8) in one upload (128 KiB):
 * room for a message of 20 000 characters even if each takes four bytes, and its envelope.
 */
export const maxUploadTextBytes = 128 * 1024;
/** The plain size of each stored (encrypted) chunk, the last one of a file may be shorter (1 MiB). */
export const attachmentChunkBytes = 1024 * 1024;
/** The form field that carries the files (`<input type="file" name="attachments" multiple>`). */
export const attachmentField = "attachments";
/** The longest file name kept, in characters (the extension is kept when a name is shortened). */
export const maxFilenameLength = 200;

/** What a declared Content-Length may hold beyond files and text: part headers and boundaries. */
const multipartOverheadBytes = 1024 * 1024;
/**
 * What the body may hold beyond the files' content and `maxUploadTextBytes` while it is read:
 * part headers and boundaries. Counted as the body arrives, since busboy tells of an oversized
 * field only at its end.
 */
const streamedOverheadBytes = 256 * 1024;
/** How many leading bytes are given to the type detection (file-type needs at most 4100 for these types). */
const sniffBytes = 4100;

/** The allowed types by extension (lower case); the detected type must be the extension's. */
export const attachmentTypes = {
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".txt": "text/plain",
} as const;
export type AttachmentType = (typeof attachmentTypes)[keyof typeof attachmentTypes];

/** The error codes `readMessageUpload` throws (all i18n keys under `errors.codes`). */
export const uploadErrorCodes = {
  /** 413: one file is larger than `maxAttachmentBytes`. */
  tooLarge: "messages.attachment_too_large",
  /** 413: the files together are larger than `maxTotalAttachmentBytes` (or the declared body is far too large). */
  totalTooLarge: "messages.attachments_too_large",
  /** 413: more than `maxAttachments` files. */
  tooMany: "messages.too_many_attachments",
  /** 400: the type is not allowed, or what the bytes are does not match the file name's extension. */
  type: "messages.attachment_type",
  /** 400: a PDF that does not open. */
  unreadable: "messages.attachment_unreadable",
  /** 400: an encrypted (password-protected) PDF. */
  encrypted: "messages.attachment_encrypted",
  /** 400: the text fields are larger than `maxUploadTextBytes`, or too many fields or parts. */
  formTooLarge: "form.too_large",
  /** 400: not a form, a broken multipart body, a file in another field than `attachments`, or a body that broke off. */
  malformed: "form.malformed",
} as const;

/** A file as received: its content encrypted, chunk by chunk, never held as plain text. */
export interface ReceivedAttachment {
  /** The name as sent, cleaned (`cleanFilename`): path parts stripped, controls removed, NFC, at most 200 characters. */
  filename: string;
  /** The type detected from the bytes (and agreeing with the extension). */
  contentType: AttachmentType;
  /** Bytes of the plain file. */
  size: number;
  /** SHA-256 of the plain file, lower-case hex. */
  sha256: string;
  /** The content: each element `encryptBytes` of at most `attachmentChunkBytes` plain bytes, in order. */
  chunks: Buffer[];
}

/** The text fields of a form by name, as the route frame's `formValues` gives them (cleaned; a repeated name gives a list). */
export type UploadValues = Record<string, string | string[]>;

/**
 * A refused upload: a DomainError (code and status as listed in `uploadErrorCodes`) that also
 * carries the text fields read before the refusal, so the form can be shown again with what was
 * typed: `form` (FormData of string values, as sent) and `values` (the same, cleaned with
 * `cleanText` in the shape of the frame's FormValues). Fields that come after the point of
 * refusal in the body are not read; browsers send fields in document order, so the file input
 * should be the form's last field.
 */
export class UploadRefused extends DomainError {
  readonly values: UploadValues;

  constructor(
    code: string,
    status: number,
    readonly form: FormData = new FormData(),
  ) {
    super(code, status);
    this.name = "UploadRefused";
    this.values = valuesOf(form);
  }
}

function valuesOf(form: FormData): UploadValues {
  const values: UploadValues = {};
  for (const key of new Set(form.keys())) {
    const strings = form.getAll(key).filter((value): value is string => typeof value === "string").map(cleanText);
    if (strings.length > 0) values[cleanText(key)] = strings.length === 1 ? strings[0]! : strings;
  }
  return values;
}

/**
 * Reads a message form with its files. `multipart/form-data` is streamed through busboy: text
 * fields go into `form` (string values); each non-empty file part of the field `attachments`
 * is hashed (SHA-256), cut into chunks of `attachmentChunkBytes` and each chunk encrypted as it
 * arrives; its type is detected from its first bytes (file-type; text is text when nothing is
 * detected and the bytes are UTF-8 without NUL) and must be the one of its extension (see
 * `attachmentTypes`); a PDF must open (pdf-lib) and must not be encrypted. File inputs left
 * empty (no file name) are skipped. `application/x-www-form-urlencoded` is read by `readForm`
 * (no files).
 *
 * Limits (bytes): a file over `maxAttachmentBytes`, files together over
 * `maxTotalAttachmentBytes`, the `maxAttachments + 1`th file, text over `maxUploadTextBytes` —
 * each stops the reading at once: the rest of the body is not read (the body's reader is
 * released, not cancelled, so that the client still gets the answer rather than a reset).
 * A declared Content-Length that cannot fit the limits is refused before anything is read.
 *
 * Throws `UploadRefused` (a DomainError carrying the text fields read so far) with one of
 * `uploadErrorCodes`: messages.attachment_too_large (413), messages.attachments_too_large (413),
 * messages.too_many_attachments (413), messages.attachment_type (400),
 * messages.attachment_unreadable (400), messages.attachment_encrypted (400), form.too_large
 * (400), form.malformed (400).
 */
export async function readMessageUpload(request: Request): Promise<{ form: FormData; files: ReceivedAttachment[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) return { form: await readUrlEncoded(request), files: [] };
  if (!/^multipart\/form-data\b/i.test(type)) throw new UploadRefused(uploadErrorCodes.malformed, 400);
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxTotalAttachmentBytes + maxUploadTextBytes + multipartOverheadBytes) {
    throw new UploadRefused(uploadErrorCodes.totalTooLarge, 413);
  }
  return readMultipart(request, type);
}

async function readUrlEncoded(request: Request): Promise<FormData> {
  try {
    return await readForm(request, maxUploadTextBytes);
  } catch (thrown) {
    // readForm throws the frame's `failure(400, code)` answer; here it becomes the same code as an UploadRefused.
    const code = failureOf(thrown)?.code;
    if (code === uploadErrorCodes.formTooLarge || code === uploadErrorCodes.malformed) throw new UploadRefused(code, 400);
    throw thrown;
  }
}

interface Refusal {
  code: string;
  status: number;
}

async function readMultipart(request: Request, type: string): Promise<{ form: FormData; files: ReceivedAttachment[] }> {
  const form = new FormData();
  const incoming: IncomingFile[] = [];
  const checks: Promise<void>[] = [];
  let refusal: Refusal | undefined;
  let wake = () => {};
  const refuse = (code: string, status = 400) => {
    refusal ??= { code, status };
    wake();
  };
  const refused = () => new UploadRefused(refusal!.code, refusal!.status, form);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": type },
      // File names as browsers send them: UTF-8 bytes in filename="…" (busboy's default is latin1).
      defParamCharset: "utf8",
      limits: { fieldSize: maxUploadTextBytes, fieldNameSize: 200, fields: 200, parts: 300 },
    });
  } catch {
    throw new UploadRefused(uploadErrorCodes.malformed, 400);
  }
  let textBytes = 0;
  let totalBytes = 0;
  let bodyBytes = 0;

  parser.on("field", (name, value, info) => {
    if (refusal) return;
    textBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (info.nameTruncated || info.valueTruncated || textBytes > maxUploadTextBytes) return refuse(uploadErrorCodes.formTooLarge);
    form.append(name, value);
  });
  parser.on("fieldsLimit", () => refuse(uploadErrorCodes.formTooLarge));
  parser.on("partsLimit", () => refuse(uploadErrorCodes.formTooLarge));
  parser.on("error", () => refuse(uploadErrorCodes.malformed));

  parser.on("file", (name, stream, info) => {
    // Destroyed with the parser after a refusal; nothing more to do with it then.
    stream.on("error", () => {});
    if (refusal) return void stream.resume();
    if (!info.filename) {
      // An empty file input (browsers send one with no name and no bytes): skipped. Bytes in it are not a form.
      stream.on("data", () => refuse(uploadErrorCodes.malformed));
      return;
    }
    if (name !== attachmentField) return void (refuse(uploadErrorCodes.malformed), stream.resume());
    if (incoming.length >= maxAttachments) return void (refuse(uploadErrorCodes.tooMany, 413), stream.resume());
    const filename = cleanFilename(info.filename);
    const expected = expectedType(filename);
    if (!expected) return void (refuse(uploadErrorCodes.type), stream.resume());
    const file = new IncomingFile(filename, expected);
    incoming.push(file);
    const sniff = () => {
      file.detection ??= detect(file).catch((error: unknown) => refuse(error instanceof DomainError ? error.code : uploadErrorCodes.type));
      checks.push(file.detection);
    };
    stream.on("data", (data: Buffer) => {
      if (refusal) return;
      if (file.size + data.length > maxAttachmentBytes) return refuse(uploadErrorCodes.tooLarge, 413);
      if (totalBytes + data.length > maxTotalAttachmentBytes) return refuse(uploadErrorCodes.totalTooLarge, 413);
      totalBytes += data.length;
      file.push(data);
      // Refuse a file of the wrong type while it is still arriving, not only at its end.
      if (!file.detection && file.headBytes >= sniffBytes) sniff();
    });
    stream.on("end", () => {
      if (refusal) return;
      file.end();
      if (!file.detection) sniff();
      checks.push(
        file.detection!.then(() => checkContent(file)).catch((error: unknown) => refuse(error instanceof DomainError ? error.code : uploadErrorCodes.type)),
      );
    });
  });

  const stop = () => new Promise<"stop">((resolve) => (wake = () => resolve("stop")));
  const closed = new Promise<"closed">((resolve) => parser.on("close", () => resolve("closed")));
  const reader = request.body?.getReader();
  try {
    if (!reader) throw new UploadRefused(uploadErrorCodes.malformed, 400);
    while (!refusal) {
      const read = reader.read();
      read.catch(() => {});
      const next = await Promise.race([read, stop()]).catch(() => "broken" as const);
      if (next === "stop") break;
      if (next === "broken") {
        refuse(uploadErrorCodes.malformed);
        break;
      }
      if (next.done) break;
      const bytes = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      bodyBytes += bytes.length;
      if (!parser.write(bytes) && !refusal) {
        await Promise.race([new Promise((resolve) => parser.once("drain", resolve)), stop(), closed]);
      }
      // What is not file content (text fields, part headers, boundaries) must stay small. A file
      // stream hands its first bytes on only after a tick: count again after one before refusing.
      const textual = () => bodyBytes - totalBytes > maxUploadTextBytes + streamedOverheadBytes;
      if (!refusal && textual()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (textual()) refuse(uploadErrorCodes.formTooLarge);
      }
    }
    if (!refusal) {
      parser.end();
      await Promise.race([closed, stop()]);
    }
    // Every file has ended when the parser closes; wait for their type and content checks.
    while (!refusal && checks.length > 0) {
      const pending = checks.splice(0);
      await Promise.all(pending);
    }
    if (refusal) throw refused();
    return { form, files: incoming.map((file) => file.received()) };
  } finally {
    if (refusal) {
      // Released, not cancelled: cancelling would destroy the Node request and its socket, and
      // the client would get a reset instead of the answer. Unread, the rest of the body stays put.
      reader?.releaseLock();
      parser.destroy();
    }
  }
}

/** One file as it arrives: hashed, kept for detection (its first bytes), encrypted chunk by chunk. */
class IncomingFile {
  size = 0;
  headBytes = 0;
  detection?: Promise<void>;
  /** The type found in the bytes; undefined until detected, null when nothing binary was found (text, if UTF-8). */
  detected?: AttachmentType | null;
  private readonly head: Buffer[] = [];
  private readonly hash: Hash = createHash("sha256");
  private readonly chunks: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly text = new Utf8Check();
  private sha256 = "";

  constructor(
    readonly filename: string,
    readonly expected: AttachmentType,
  ) {}

  push(data: Buffer) {
    this.size += data.length;
    this.hash.update(data);
    if (this.headBytes < sniffBytes) {
      const part = Buffer.from(data.subarray(0, sniffBytes - this.headBytes));
      this.head.push(part);
      this.headBytes += part.length;
    }
    if (this.detected !== "application/pdf" && this.detected !== "image/png" && this.detected !== "image/jpeg") this.text.push(data);
    this.pending.push(data);
    this.pendingBytes += data.length;
    while (this.pendingBytes >= attachmentChunkBytes) {
      const all = Buffer.concat(this.pending, this.pendingBytes);
      this.chunks.push(encryptBytes(all.subarray(0, attachmentChunkBytes)));
      const rest = Buffer.from(all.subarray(attachmentChunkBytes));
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
  }

  end() {
    if (this.pendingBytes > 0) this.chunks.push(encryptBytes(Buffer.concat(this.pending, this.pendingBytes)));
    this.pending = [];
    this.pendingBytes = 0;
    this.sha256 = this.hash.digest("hex");
  }

  sniffed(): Buffer {
    return Buffer.concat(this.head);
  }

  isText(): boolean {
    return this.text.end();
  }

  /** The plain file, decrypted from its chunks (for the PDF check only). */
  plain(): Buffer {
    return Buffer.concat(this.chunks.map((chunk) => decryptBytes(chunk)));
  }

  received(): ReceivedAttachment {
    return { filename: this.filename, contentType: this.expected, size: this.size, sha256: this.sha256, chunks: this.chunks };
  }
}

const detectable = new Set<string>(["application/pdf", "image/png", "image/jpeg"]);

/** The file's type from its first bytes; refused (attachment_type) unless it is the extension's. */
async function detect(file: IncomingFile): Promise<void> {
  const found = await fileTypeFromBuffer(file.sniffed());
  // An animated PNG is a PNG to every viewer (file-type names it image/apng).
  const mime = found?.mime === "image/apng" ? "image/png" : found?.mime;
  if (mime && !detectable.has(mime)) throw new DomainError(uploadErrorCodes.type);
  file.detected = mime ? (mime as AttachmentType) : null;
  const actual = file.detected ?? "text/plain";
  if (actual !== file.expected) throw new DomainError(uploadErrorCodes.type);
}

/** After the whole file: text must be UTF-8 without NUL; a PDF must open and not be encrypted. */
async function checkContent(file: IncomingFile): Promise<void> {
  if (file.detected === null && !file.isText()) throw new DomainError(uploadErrorCodes.type);
  if (file.detected === "application/pdf") await checkPdf(file.plain());
}

/**
 * Throws messages.attachment_encrypted when `bytes` is an encrypted PDF (its trailer names an
 * /Encrypt dictionary) and messages.attachment_unreadable when it does not open in pdf-lib (or
 * has no page tree). The document is loaded with `ignoreEncryption` and its `isEncrypted` asked:
 * pdf-lib's own EncryptedPDFError is an ES5 class that `instanceof` does not recognise.
 */
export async function checkPdf(bytes: Uint8Array): Promise<void> {
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  } catch {
    throw new DomainError(uploadErrorCodes.unreadable);
  }
  if (document.isEncrypted) throw new DomainError(uploadErrorCodes.encrypted);
  try {
    if (document.getPageCount() < 1) throw new Error("No pages");
  } catch {
    throw new DomainError(uploadErrorCodes.unreadable);
  }
}

/**
 * Whether bytes given piece by piece are UTF-8 (as TextDecoder with `fatal` would accept them)
 * without NUL, checked without turning them into strings: a sequence cut at the end of a piece
 * is carried over to the next.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  private ok = true;

  push(bytes: Buffer) {
    if (!this.ok) return;
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    if (data.includes(0)) {
      this.ok = false;
      return;
    }
    let cut = data.length;
    for (let back = 1; back <= Math.min(3, data.length); back++) {
      const byte = data[data.length - back]!;
      if ((byte & 0xc0) === 0x80) continue;
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      if (length > back) cut = data.length - back;
      break;
    }
    if (!isUtf8(data.subarray(0, cut))) this.ok = false;
    this.carry = Buffer.from(data.subarray(cut));
  }

  /** True when every byte pushed was UTF-8 without NUL and no sequence was left unfinished. */
  end(): boolean {
    return this.ok && this.carry.length === 0;
  }
}

/**
 * Whether a plain-text attachment holds something written like a personal identity or coordination
 * number (`containsIdentityNumber`), read chunk by chunk as stored (each chunk decrypted, at most
 * `attachmentChunkBytes`, with the end of the one before so that a number across a chunk boundary
 * is found). Other types (PDF, images) are not read: false.
 */
export function textNamesIdentityNumber(file: ReceivedAttachment, at: Date): boolean {
  if (file.contentType !== attachmentTypes[".txt"]) return false;
  const decoder = new TextDecoder("utf-8");
  let tail = "";
  for (const chunk of file.chunks) {
    const text = tail + decoder.decode(decryptBytes(chunk), { stream: true });
    if (containsIdentityNumber(text, at)) return true;
    tail = text.slice(-identityNumberOverlap);
  }
  return containsIdentityNumber(tail + decoder.decode(), at);
}

/** Characters kept from one chunk's end for the next: more than the longest written number (spaced and bracketed). */
const identityNumberOverlap = 64;

/** The type a cleaned file name's extension allows, or undefined (not an allowed type). */
export function expectedType(filename: string): AttachmentType | undefined {
  const dot = filename.lastIndexOf(".");
  if (dot < 0) return undefined;
  return (attachmentTypes as Record<string, AttachmentType>)[filename.slice(dot).toLowerCase()];
}

// C0 and C1 controls, DEL, and the invisible direction marks and overrides that can make
// "fakturagpj.exe" look like "fakturaexe.jpg".
const filenameControls = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A file name as sent, made safe to keep and show: only its last path part (after / or \),
 * control characters and direction overrides removed, Unicode NFC (å, ä, ö as one character
 * each, whatever the sender's system), trimmed, at most `maxFilenameLength` characters (the
 * extension kept when the name is shortened).
 */
export function cleanFilename(sent: string): string {
  const base = sent.split(/[\\/]/).pop() ?? "";
  const name = base.replace(filenameControls, "").normalize("NFC").trim();
  const characters = Array.from(name);
  if (characters.length <= maxFilenameLength) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 10 ? Array.from(name.slice(dot)) : [];
  return characters
    .slice(0, maxFilenameLength - extension.length)
    .concat(extension)
    .join("");
}

/**
 * The ASCII stand-in for a file name, for clients that do not read `filename*`: accents dropped
 * (å → a, ö → o), anything else outside printable ASCII, and ", \ and %, as "_".
 */
export function asciiFilename(filename: string): string {
  return filename
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]|["\\%]/gu, "_");
}

/**
 * Stores received files on a message in the caller's transaction: one `message_attachments` row
 * each and its encrypted chunks in `message_attachment_chunks` (`seq` from 0). Call it only after
 * the gate allowed the message to be sent. Returns the new attachment ids, in the files' order.
 */
export async function storeAttachments(tx: Queryable, messageId: string, files: ReceivedAttachment[]): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const [row] = await tx
      .insert(messageAttachments)
      .values({ messageId, filename: file.filename, contentType: file.contentType, size: file.size, sha256: file.sha256 })
      .returning({ id: messageAttachments.id });
    // One chunk (at most 1 MiB + 31 bytes) per statement: no statement needs the whole file.
    for (const [seq, content] of file.chunks.entries()) {
      await tx.insert(messageAttachmentChunks).values({ attachmentId: row!.id, seq, content });
    }
    ids.push(row!.id);
  }
  return ids;
}

/**
 * The plain bytes of stored chunks (as `attachmentChunks` returns them), decrypted one chunk at
 * a time as the reader pulls, so that a download never holds the whole plain file. A chunk that
 * does not decrypt (altered, or its key gone) errors the stream.
 */
export function decryptedStream(chunks: Buffer[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next >= chunks.length) return controller.close();
        const plain = decryptBytes(chunks[next++]!);
        controller.enqueue(new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength));
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * `attachment; filename="<asciiFilename>"; filename*=UTF-8''<percent-encoded UTF-8>`: both
 * parameters always (RFC 6266 § 4.3: a client that reads `filename*` prefers it), the encoding
 * of `filename*` by the content-disposition package (RFC 8187 attr-chars only).
 */
export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${asciiFilename(filename)}"; filename*=${encodeExtended(filename)}`;
}

/**
 * A download of a stored file that is never rendered: `Content-Disposition: attachment` with an
 * ASCII `filename` and the exact name in `filename*` (RFC 6266, RFC 8187 UTF-8 percent-encoding;
 * å, ä, ö intact), the stored type (text as UTF-8), `Content-Length` (`size`, bytes),
 * `X-Content-Type-Options: nosniff`, `Cache-Control: no-store`, and a sandboxing
 * `Content-Security-Policy` so that nothing in it runs even if a browser opens it.
 */
export function attachmentResponse(file: { filename: string; contentType: string; size: number }, body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>): Response {
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType === "text/plain" ? "text/plain; charset=utf-8" : file.contentType,
      "Content-Disposition": attachmentDisposition(file.filename),
      "Content-Length": String(file.size),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
