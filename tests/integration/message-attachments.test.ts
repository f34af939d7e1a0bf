import { createHash, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { PDFDocument, PDFHexString, PDFString } from "pdf-lib";
import { parse as parseDisposition } from "content-disposition";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { messageAttachments, messages } from "../../db/schema";
import { attachmentChunks } from "~/access/reads/attachment-content.server";
import { encrypt } from "~/lib/crypto.server";
import { db, getDatabase } from "~/lib/db.server";
import {
  attachmentChunkBytes,
  attachmentResponse,
  checkPdf,
  decryptedStream,
  maxAttachmentBytes,
  readMessageUpload,
  storeAttachments,
  UploadRefused,
} from "~/services/messages/attachments.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";

/**
 * Attachments of messages, end to end below the route: real multipart requests (built by
 * undici's FormData, or by hand as a stream for the cut-off), the type told from the bytes, the
 * limits, and the content encrypted in the database and read back through the door.
 */
useTestDatabase();

const url = "http://localhost/messages/new";
const MiB = 1024 * 1024;

// Real images (pdf-lib embeds both below, which parses them): a 1×1 PNG, and an 8×8 grey
// baseline JPEG built from its markers — JFIF, a flat quantisation table, one-code Huffman
// tables (DC difference 0, end of block) and a scan of two bits.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const huffman = (tableClass: number) => ["ffc4", "0014", tableClass.toString(16).padStart(2, "0"), "01", "00".repeat(15), "00"].join("");
const jpeg = Buffer.from(
  [
    "ffd8",
    "ffe000104a46494600010100000100010000",
    `ffdb004300${"01".repeat(64)}`,
    "ffc0000b080008000801011100",
    huffman(0x00),
    huffman(0x10),
    "ffda000801010000003f00",
    "3f",
    "ffd9",
  ].join(""),
  "hex",
);
// The start of a Windows executable (DOS header) and of a Linux one (ELF), padded.
const exe = Buffer.concat([Buffer.from("4d5a90000300000004000000ffff0000b800000000000000400000000000000000", "hex"), Buffer.alloc(8000, 0x90)]);
const elf = Buffer.concat([Buffer.from("7f454c4602010100000000000000000002003e00", "hex"), Buffer.alloc(8000, 0)]);

async function pdf({ note = "Läkarintyg", encrypted = false } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  // A literal string object, so that the note is in the file's bytes as plain text.
  document.context.register(document.context.obj({ Note: PDFString.of(note) }));
  document.addPage().drawText("Arbetsformaga 50 procent");
  if (encrypted) {
    // The Standard security handler's dictionary in the trailer: what makes a PDF encrypted.
    const zeros = PDFHexString.of("00".repeat(32));
    document.context.trailerInfo.Encrypt = document.context.register(document.context.obj({ Filter: "Standard", V: 1, R: 2, Length: 40, P: -44, O: zeros, U: zeros }));
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

function file(bytes: Buffer | string, name: string, type = "application/octet-stream") {
  const buffer = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  return new File([new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength)], name, { type });
}

function upload(files: File[], fields: Record<string, string> = { subject: "Läkarintyg", content: "Hej, här kommer intyget." }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const attached of files) form.append("attachments", attached);
  return readMessageUpload(new Request(url, { method: "POST", body: form }));
}

async function refusal(work: Promise<unknown>): Promise<UploadRefused> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UploadRefused);
  return error as UploadRefused;
}

describe("what may be attached", () => {
  it("takes a PDF, a PNG, a JPEG and UTF-8 text, typed from their bytes", async () => {
    const document = await pdf();
    const { form, files } = await upload([
      file(document, "Läkarintyg åäö.pdf", "image/png"), // the browser's type is not believed
      file(png, "bild.PNG"),
      file(jpeg, "foto.jpeg"),
      file(jpeg, "foto2.jpg"),
      file("Hej på dig!\nRad två: € 😀\n", "anteckning.txt"),
    ]);
    expect(form.get("subject")).toBe("Läkarintyg");
    expect(form.get("content")).toBe("Hej, här kommer intyget.");
    expect(form.getAll("attachments")).toEqual([]);
    expect(files.map(({ filename, contentType }) => [filename, contentType])).toEqual([
      ["Läkarintyg åäö.pdf", "application/pdf"],
      ["bild.PNG", "image/png"],
      ["foto.jpeg", "image/jpeg"],
      ["foto2.jpg", "image/jpeg"],
      ["anteckning.txt", "text/plain"],
    ]);
    expect(files[0]!.size).toBe(document.length);
    expect(files[0]!.sha256).toBe(createHash("sha256").update(document).digest("hex"));
    // The test images are real: pdf-lib parses both.
    const check = await PDFDocument.create();
    // (copies: pdf-lib reads a Buffer's whole underlying ArrayBuffer, not its view)
    await check.embedPng(new Uint8Array(png));
    await check.embedJpg(new Uint8Array(jpeg));
  });

  it("skips empty file inputs, as browsers send them", async () => {
    const { files } = await upload([file("", "", "application/octet-stream"), file("hej", "a.txt")]);
    expect(files.map((received) => received.filename)).toEqual(["a.txt"]);
  });

  it("reads a urlencoded form (no files) through readForm", async () => {
    const body = new URLSearchParams({ subject: "Fråga", content: "Hej" });
    const { form, files } = await readMessageUpload(new Request(url, { method: "POST", body }));
    expect(files).toEqual([]);
    expect(form.get("subject")).toBe("Fråga");
  });

  it.each([
    ["a Windows executable named .pdf", exe, "faktura.pdf"],
    ["a Linux executable named .pdf", elf, "faktura.pdf"],
    ["an executable named .txt", exe, "readme.txt"],
    ["an executable as .exe", exe, "setup.exe"],
    ["a PNG named .txt", png, "bild.txt"],
    ["a JPEG named .png", jpeg, "bild.png"],
    ["Latin-1 text named .txt", Buffer.from("h\xe5j", "latin1"), "gammal.txt"],
    ["text with NUL named .txt", Buffer.from("a\u0000b"), "nul.txt"],
    ["text named .pdf", Buffer.from("inte en pdf"), "intyg.pdf"],
    ["an HTML page", Buffer.from("<html><script>alert(1)</script></html>"), "sida.html"],
    ["a name without extension", Buffer.from("hej"), "README"],
  ])("refuses %s (messages.attachment_type)", async (_, bytes, name) => {
    const error = await refusal(upload([file(bytes, name, "text/plain")]));
    expect([error.code, error.status]).toEqual(["messages.attachment_type", 400]);
  });

  it("refuses a PDF named .png", async () => {
    const error = await refusal(upload([file(await pdf(), "intyg.png", "image/png")]));
    expect([error.code, error.status]).toEqual(["messages.attachment_type", 400]);
  });

  it("refuses an encrypted PDF (messages.attachment_encrypted)", async () => {
    const locked = await pdf({ encrypted: true });
    // pdf-lib itself calls it encrypted:
    await expect(PDFDocument.load(locked)).rejects.toThrow(/is encrypted/);
    const error = await refusal(upload([file(locked, "låst.pdf")]));
    expect([error.code, error.status]).toEqual(["messages.attachment_encrypted", 400]);
  });

  it("refuses a PDF that does not open (messages.attachment_unreadable)", async () => {
    const truncated = (await pdf()).subarray(0, 300);
    for (const broken of [Buffer.from("%PDF-1.7\n trasig\n%%EOF\n"), truncated]) {
      const error = await refusal(upload([file(broken, "trasig.pdf")]));
      expect([error.code, error.status]).toEqual(["messages.attachment_unreadable", 400]);
    }
    await expect(checkPdf(await pdf())).resolves.toBeUndefined();
  });

  it("refuses a file sent in another field", async () => {
    const form = new FormData();
    form.append("subject", "x");
    form.append("other", file("hej", "a.txt"));
    const error = await refusal(readMessageUpload(new Request(url, { method: "POST", body: form })));
    expect(error.code).toBe("form.malformed");
  });

  it("refuses what is not a form", async () => {
    const error = await refusal(readMessageUpload(new Request(url, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } })));
    expect([error.code, error.status]).toEqual(["form.malformed", 400]);
    const broken = await refusal(
      readMessageUpload(new Request(url, { method: "POST", body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhej", headers: { "Content-Type": "multipart/form-data; boundary=x" } })),
    );
    expect(broken.code).toBe("form.malformed");
  });
});

describe("limits", () => {
  it("takes ten files and a file of exactly 25 MiB", async () => {
    const ten = Array.from({ length: 10 }, (_, index) => file(`fil ${index}`, `fil-${index}.txt`));
    expect((await upload(ten)).files).toHaveLength(10);
    const { files } = await upload([file(Buffer.alloc(maxAttachmentBytes, "a"), "stor.txt")]);
    expect(files[0]!.size).toBe(maxAttachmentBytes);
    expect(files[0]!.chunks).toHaveLength(maxAttachmentBytes / attachmentChunkBytes);
  });

  it("reads a 20 MiB PDF and 4 MiB of text without turning their bytes into strings", async () => {
    const big = (value: unknown) => value instanceof Uint8Array && value.byteLength > 64 * 1024;
    const padded = Buffer.concat([await pdf(), Buffer.from(`%${"x".repeat(20 * MiB)}\n`)]); // a comment after %%EOF
    const toString = vi.spyOn(Buffer.prototype, "toString");
    const decode = vi.spyOn(TextDecoder.prototype, "decode");
    try {
      const { files } = await upload([file(Buffer.alloc(maxAttachmentBytes - 21 * MiB, "å"), "text.txt"), file(padded, "stor.pdf")]);
      expect(files.map((received) => received.contentType)).toEqual(["text/plain", "application/pdf"]);
      expect(toString.mock.contexts.filter(big)).toHaveLength(0);
      expect(decode.mock.calls.filter(([input]) => big(input))).toHaveLength(0);
    } finally {
      toString.mockRestore();
      decode.mockRestore();
    }
  });

  it("refuses an eleventh file (413 messages.too_many_attachments)", async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => file(`fil ${index}`, `fil-${index}.txt`));
    const error = await refusal(upload(eleven));
    expect([error.code, error.status]).toEqual(["messages.too_many_attachments", 413]);
  });

  it("refuses a file of 26 MiB (413 messages.attachment_too_large)", async () => {
    const error = await refusal(upload([file(Buffer.alloc(26 * MiB, "a"), "stor.txt")]));
    expect([error.code, error.status]).toEqual(["messages.attachment_too_large", 413]);
  });

  it("refuses two files of 16 MiB (413 messages.attachments_too_large)", async () => {
    const error = await refusal(upload([file(Buffer.alloc(16 * MiB, "a"), "a.txt"), file(Buffer.alloc(16 * MiB, "b"), "b.txt")]));
    expect([error.code, error.status]).toEqual(["messages.attachments_too_large", 413]);
  });

  it("refuses text fields over the limit (form.too_large)", async () => {
    const error = await refusal(upload([], { subject: "x", content: "ö".repeat(80_000) }));
    expect([error.code, error.status]).toEqual(["form.too_large", 400]);
  });

  it("refuses a declared Content-Length that cannot fit before reading anything", async () => {
    const { stream, pulled } = endlessUpload(`--${boundary}\r\n`, Buffer.alloc(0));
    const request = new Request(url, {
      method: "POST",
      body: stream,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(200 * MiB) },
      duplex: "half",
    } as RequestInit);
    const error = await refusal(readMessageUpload(request));
    expect([error.code, error.status]).toEqual(["messages.attachments_too_large", 413]);
    expect(pulled()).toBe(0);
  });

  it("keeps the text typed before a refused file, to show the form again", async () => {
    const error = await refusal(upload([file(exe, "intyg.pdf")], { subject: "Intyg för Eva", content: "Rad ett\u000Brad två" }));
    expect(error.values).toEqual({ subject: "Intyg för Eva", content: "Rad ett\nrad två" });
    expect(error.form.get("content")).toBe("Rad ett\u000Brad två");
  });
});

const boundary = "----samsyn-cut-off";

/**
 * A multipart body as a stream that, if read to its end, would be `total` bytes: `prefix`, then
 * one file part whose content begins with `start` and goes on in chunks of 64 KiB. It counts
 * what is pulled from it, and whether it was cancelled.
 */
function endlessUpload(prefix: string | Buffer, start: Buffer, total = 200 * MiB) {
  const chunk = Buffer.alloc(64 * 1024, 0x30);
  let pulled = 0;
  let cancelled = false;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (first) {
        first = false;
        const head = Buffer.concat([Buffer.from(prefix), start]);
        pulled += head.length;
        return controller.enqueue(new Uint8Array(head));
      }
      if (pulled + chunk.length > total) {
        controller.enqueue(new Uint8Array(Buffer.from(`\r\n--${boundary}--\r\n`)));
        return controller.close();
      }
      pulled += chunk.length;
      controller.enqueue(new Uint8Array(chunk));
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 }); // pulled only when read
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

function streamedRequest(stream: ReadableStream<Uint8Array>) {
  // No Content-Length: a chunked upload, counted as it arrives.
  return new Request(url, { method: "POST", body: stream, headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` }, duplex: "half" } as RequestInit);
}

const part = (name: string, filename?: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n${filename ? "Content-Type: application/octet-stream\r\n" : ""}\r\n`;

describe("a streamed upload is cut off early", () => {
  it("stops reading a 200 MiB upload once a file passes 25 MiB, without cancelling the body", async () => {
    const upload = endlessUpload(`${part("subject")}Stort intyg\r\n${part("attachments", "stort.pdf")}`, Buffer.from("%PDF-1.7\n"));
    const error = await refusal(readMessageUpload(streamedRequest(upload.stream)));
    expect([error.code, error.status]).toEqual(["messages.attachment_too_large", 413]);
    expect(upload.pulled()).toBeGreaterThan(25 * MiB);
    expect(upload.pulled()).toBeLessThan(26 * MiB);
    expect(upload.cancelled()).toBe(false);
    expect(error.values).toEqual({ subject: "Stort intyg" });
  });

  it("stops at 30 MiB in all when the files are each within 25 MiB", async () => {
    const twenty = Buffer.alloc(20 * MiB, 0x61);
    const upload = endlessUpload(Buffer.concat([Buffer.from(part("attachments", "a.txt")), twenty, Buffer.from(`\r\n${part("attachments", "b.txt")}`)]), Buffer.alloc(0));
    const error = await refusal(readMessageUpload(streamedRequest(upload.stream)));
    expect(error.code).toBe("messages.attachments_too_large");
    expect(upload.pulled()).toBeLessThan(31 * MiB);
  });

  it("stops reading a 200 MiB executable named .pdf after its first bytes", async () => {
    const upload = endlessUpload(part("attachments", "faktura.pdf"), exe);
    const error = await refusal(readMessageUpload(streamedRequest(upload.stream)));
    expect(error.code).toBe("messages.attachment_type");
    expect(upload.pulled()).toBeLessThan(2 * MiB);
  });

  it("stops reading when an eleventh file starts", async () => {
    const ten = Array.from({ length: 10 }, (_, index) => `${part("attachments", `fil-${index}.txt`)}hej\r\n`).join("");
    const upload = endlessUpload(`${ten}${part("attachments", "elfte.txt")}`, Buffer.alloc(0));
    const error = await refusal(readMessageUpload(streamedRequest(upload.stream)));
    expect(error.code).toBe("messages.too_many_attachments");
    expect(upload.pulled()).toBeLessThan(MiB);
  });

  it("stops reading endless text (form.too_large)", async () => {
    const upload = endlessUpload(part("content"), Buffer.alloc(0));
    const error = await refusal(readMessageUpload(streamedRequest(upload.stream)));
    expect(error.code).toBe("form.too_large");
    expect(upload.pulled()).toBeLessThan(MiB);
  });

  it("answers a body that breaks off as malformed", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(Buffer.from(`${part("attachments", "a.txt")}hej`)));
        controller.error(new Error("connection reset"));
      },
    });
    const error = await refusal(readMessageUpload(streamedRequest(stream)));
    expect(error.code).toBe("form.malformed");
  });
});

describe("encryption at rest", () => {
  let messageId: string;

  beforeAll(async () => {
    await seedDemo();
    const sara = await staffActor("sara.lindqvist@berg.samsyn.example");
    const erik = await staffActor("erik.holm@af.samsyn.example");
    const id = randomUUID();
    const now = new Date();
    await db()
      .insert(messages)
      .values({
        id,
        threadId: id,
        senderOrganizationId: sara.organizationId,
        senderUnitId: sara.unitId,
        sentBy: sara.userId,
        recipientOrganizationId: erik.organizationId,
        recipientUnitId: erik.unitId,
        subject: "Intyg",
        contentEncrypted: encrypt("Hej"),
        sentAt: now,
        deliveredAt: now,
      });
    messageId = id;
  });

  it("stores no plain text, and reads back through the door to the exact bytes and name", async () => {
    const marker = "EVA-ANDERSSON-ARBETSFORMAGA";
    const text = Buffer.from(`${marker} läkarintyg ${"rad\n".repeat(700_000)}${marker}\n`, "utf8"); // ~2.7 MiB: three chunks
    const document = await pdf({ note: marker });
    expect(document.includes(Buffer.from(marker))).toBe(true);
    const { files } = await upload([file(document, "Läkarintyg åäö.pdf"), file(text, "anteckning.txt")]);
    const ids = await db().transaction((tx) => storeAttachments(tx, messageId, files));
    expect(ids).toHaveLength(2);

    const stored = await getDatabase().rows<{ content: unknown }>(sql`select content from message_attachment_chunks order by attachment_id, seq`);
    expect(stored).toHaveLength(1 + 3);
    for (const row of stored) {
      const bytes = Buffer.from(row.content as Uint8Array);
      expect(bytes.includes(Buffer.from(marker))).toBe(false);
      expect(bytes.includes(Buffer.from("läkarintyg"))).toBe(false);
      expect(bytes.includes(Buffer.from("rad\nrad\n"))).toBe(false);
    }

    for (const [index, original] of [document, text].entries()) {
      const [row] = await db().select().from(messageAttachments).where(eq(messageAttachments.id, ids[index]!));
      expect(row).toMatchObject({ messageId, size: original.length, sha256: createHash("sha256").update(original).digest("hex") });
      const chunks = await attachmentChunks(db(), row!.id);
      const response = attachmentResponse(row!, decryptedStream(chunks));
      const back = Buffer.from(await response.arrayBuffer());
      expect(back.equals(original)).toBe(true);
      if (index === 0) {
        expect(row!.filename).toBe("Läkarintyg åäö.pdf");
        expect(parseDisposition(response.headers.get("Content-Disposition")!).parameters.filename).toBe("Läkarintyg åäö.pdf");
        expect(response.headers.get("Content-Type")).toBe("application/pdf");
        expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      }
    }
    expect(await attachmentChunks(db(), randomUUID())).toEqual([]);
  });
});
