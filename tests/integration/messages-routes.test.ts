import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { messageAttachmentChunks, messageAttachments, messages } from "../../db/schema";
import { db } from "~/lib/db.server";
import { loader as rootLoader } from "~/root";
import { useTestDatabase } from "../support/database";
import { appRoutes, callRoute } from "../support/routes";
import { loadWorld, type World } from "../support/world";

/**
 * The messaging pages as the browser uses them: a multipart form with files, refused with what was
 * typed kept (a validation error, a refused file), sent with a PDF that is stored encrypted, and
 * the file downloaded only as an attachment with its exact name.
 */
useTestDatabase();

let world: World;
beforeAll(async () => {
  world = await loadWorld();
});

const route = (file: string) => appRoutes.find((candidate) => candidate.file === file)!;

async function pdf(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const document = await PDFDocument.create();
  document.addPage().drawText(text);
  return new Uint8Array(await document.save());
}

function form(fields: Record<string, string>, files: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }[] = []): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append("attachments", new File([file.bytes], file.name, { type: file.type ?? "application/octet-stream" }));
  return body;
}

const typed = () => ({
  recipientUnitId: world.ids.units["ostersund@af.samsyn.example"]!,
  subject: "Underlag inför avstämningen",
  senderReference: "Dnr 2026/301",
  content: "Rad ett\nRad två med åäö",
  caseId: world.ids.evaCase,
  categoryCode: "municipality.income_support",
  basis: "consent",
});

const send = async (body: FormData) => callRoute(route("messages.new.tsx"), { method: "POST", cookie: await world.cookie("sara"), body });
/** What the form shows again: as sent (a multipart body carries a textarea's line breaks as CRLF). */
const echoed = (fields: Record<string, string>) => ({ ...fields, content: fields.content!.replace(/\n/g, "\r\n") });
const failureOf = (text: string | undefined) => JSON.parse(text ?? "{}") as { error: string; values: Record<string, string> };

describe("/messages/new", () => {
  it("keeps everything typed when the subject holds a personal identity number", async () => {
    const outcome = await send(form({ ...typed(), subject: "Eva 19880412-9826" }, [{ name: "intyg.pdf", bytes: await pdf("x") }]));
    expect(outcome.status).toBe(400);
    const failure = failureOf(outcome.text);
    expect(failure.error).toBe("messages.subject_identity_number");
    expect(failure.values).toMatchObject(echoed({ ...typed(), subject: "Eva 19880412-9826" }));
  });

  it.each([
    ["a Windows program renamed .pdf", "faktura.pdf", new Uint8Array(Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)])), "messages.attachment_type"],
    ["a PDF named .png", "bild.png", null, "messages.attachment_type"],
  ] as const)("refuses %s with what was typed kept, and stores nothing", async (_name, filename, bytes, code) => {
    const before = (await db().select().from(messages)).length;
    const outcome = await send(form(typed(), [{ name: filename, bytes: bytes ?? (await pdf("x")) }]));
    expect(outcome.status).toBe(400);
    expect(failureOf(outcome.text)).toMatchObject({ error: code, values: echoed(typed()) });
    expect((await db().select().from(messages)).length).toBe(before);
  });

  it("sends with a PDF: stored encrypted, downloadable by the receiving unit as an attachment with its exact name", async () => {
    const bytes = await pdf("Underlag for Eva");
    const outcome = await send(form(typed(), [{ name: "Läkarintyg åäö.pdf", bytes, type: "image/png" }]));
    expect(outcome.status).toBe(302);
    const messageId = /\/messages\/([0-9a-f-]{36})\?notice=sent$/.exec(outcome.location ?? "")?.[1];
    expect(messageId).toBeTruthy();
    const [attachment] = await db().select().from(messageAttachments).where(eq(messageAttachments.messageId, messageId!));
    // The type comes from the bytes, not from what the browser said.
    expect(attachment).toMatchObject({ filename: "Läkarintyg åäö.pdf", contentType: "application/pdf", size: bytes.length });
    const chunks = await db().select().from(messageAttachmentChunks).where(eq(messageAttachmentChunks.attachmentId, attachment!.id));
    expect(chunks.some((chunk) => chunk.content.includes(Buffer.from("%PDF")))).toBe(false);

    const download = route("messages.attachments.$attachmentId.tsx").loader!;
    const request = (cookie: string) => new Request(`http://localhost/messages/attachments/${attachment!.id}`, { headers: { Cookie: cookie } });
    const opened = async () => (await db().select({ at: messages.openedAt, by: messages.openedBy }).from(messages).where(eq(messages.id, messageId!)))[0];
    // The sender's own download opens nothing; the receiving officer's, by a link straight to the file, is the "opened" receipt.
    await download({ request: request(await world.cookie("sara")), params: { attachmentId: attachment!.id }, context: {} });
    expect(await opened()).toEqual({ at: null, by: null });
    const response = (await download({ request: request(await world.cookie("erik")), params: { attachmentId: attachment!.id }, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(await opened()).toMatchObject({ by: "demo-erik" });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''L%C3%A4karintyg%20%C3%A5%C3%A4%C3%B6\.pdf$/);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    // Anyone outside the two units: not found.
    const outsider = await callRoute(route("messages.attachments.$attachmentId.tsx"), { params: { attachmentId: attachment!.id }, cookie: await world.cookie("karin") });
    expect(outsider.status).toBe(404);
  });
});

describe("/messages", () => {
  it("shows the unit's mailbox and the header's unread count", async () => {
    const mailbox = await callRoute(route("messages._index.tsx"), { cookie: await world.cookie("sara") });
    expect(mailbox.status).toBe(200);
    expect(mailbox.text).toContain("Planeringssamtal i december");
    // The header counts what no one in the unit has opened: the demo message, until Sara opens it.
    const header = async (role: "sara" | "erik") => {
      const answer = (await rootLoader({ request: new Request("http://localhost/", { headers: { Cookie: await world.cookie(role) } }), params: {}, context: { nonce: "n", requestId: "r", clientIp: "203.0.113.9" } })) as unknown as { data: { viewer: { unreadMessages: number } } };
      return answer.data.viewer.unreadMessages;
    };
    const before = await header("sara");
    expect(before).toBeGreaterThan(0);
    const opened = await callRoute(route("messages.$messageId.tsx"), { params: { messageId: world.ids.message }, cookie: await world.cookie("sara") });
    expect(opened.status).toBe(200);
    expect(opened.text).toContain("Eva har planeringssamtal");
    expect(await header("sara")).toBe(before - 1);
  });

  it.each([
    "-271821-04-20T00:00:00Z_00000000-0000-0000-0000-000000000000",
    "0000-01-01T00:00:00.000Z_00000000-0000-0000-0000-000000000000",
    "2026-01-01T00:00:00Z_------------------------------------",
    "garbage",
    "9999-99-99T99:99:99Z_x",
    `2026-01-01T00:00:00.000Z_00000000-0000-0000-0000-000000000000_extra`,
  ])("answers the page link %j with 400 page.invalid_cursor, as the other lists do, never 500", async (after) => {
    const outcome = await callRoute(route("messages._index.tsx"), { cookie: await world.cookie("sara"), search: `?after=${encodeURIComponent(after)}` });
    expect(outcome.status).toBe(400);
    expect(outcome.text).toContain("page.invalid_cursor");
  });

  it("counts at most 100 unopened messages for the header, which then says 'more than 99'", async () => {
    const berg = world.ids.units["ekonomiskt.bistand@berg.samsyn.example"]!;
    const [template] = await db().select().from(messages).where(eq(messages.id, world.ids.message));
    const { id: _id, threadId: _thread, ...envelope } = template!;
    await db()
      .insert(messages)
      .values(Array.from({ length: 120 }, () => ({ ...envelope, id: undefined, threadId: randomUUID(), recipientUnitId: berg, openedAt: null, openedBy: null })));
    const answer = (await rootLoader({ request: new Request("http://localhost/", { headers: { Cookie: await world.cookie("sara") } }), params: {}, context: { nonce: "n", requestId: "r", clientIp: "203.0.113.9" } })) as unknown as {
      data: { viewer: { unreadMessages: number; unreadMessagesMore: boolean } };
    };
    expect(answer.data.viewer).toMatchObject({ unreadMessages: 100, unreadMessagesMore: true });
  });
});
