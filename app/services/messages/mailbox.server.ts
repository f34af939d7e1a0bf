import { and, eq, isNull } from "drizzle-orm";
import { messageEvents, messages, type Message, type MessageEventKind } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf, staffNamesOf, unitNameOf, unitOfficers, type Directory, type UnitName } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { attachmentChunks } from "~/access/reads/attachment-content.server";
import type { ClientDisplay } from "~/access/reads/cases.server";
import {
  countUnopenedIn,
  mailboxKeys,
  readAttachment,
  readAttachmentList,
  readMailbox,
  readMessage,
  readMessageClients,
  readMessageEvents,
  readThread,
  type Folder,
  type MailboxFilter,
  type MessageScope,
} from "~/access/reads/messages.server";
import { decrypt } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { keysetLink, keysetOf, linesPerPage } from "~/lib/paging";
import { caseReference } from "~/services/cases/references";
import { decryptedStream } from "./attachments.server";
import type { HandleInput } from "./forms";
import { unitQueryOf } from "./links";

export { countUnopenedMessages, unopenedCountCap } from "~/access/reads/messages.server";

/**
 * The functional mailbox (`/messages`): a unit's inbox, sent messages and threads; opening a
 * thread (the receipt "opened by <officer>" the first time an officer of the receiving unit opens
 * a message); claiming, releasing, handing over and marking handled. Every opening passes the gate
 * (message.read) and is recorded, about the client when the message is about one.
 */

/** A functional mailbox the officer works in. */
export interface WorkUnit {
  id: string;
  name: string;
  mailbox: string;
  /** Messages no one in the unit has opened yet (up to the header's cap). */
  unopened: number;
}

/**
 * The mailboxes the officer works in (their own unit first) and the one this request acts in;
 * `query` is what links add to stay in that mailbox (links.ts). With `counts`, each mailbox's
 * unopened messages (for the switcher, when there is more than one); else 0.
 */
export async function mailboxesOf(reader: Reader<StaffActor>, { counts: withCounts = false } = {}): Promise<{ units: WorkUnit[]; current: string; query: string }> {
  const { units } = await directoryOf(reader);
  const ids = reader.actor.workUnitIds ?? [reader.actor.unitId];
  const counts: number[] = [];
  if (withCounts && ids.length > 1) for (const id of ids) counts.push(await countUnopenedIn(reader, [id]));
  return {
    units: ids.flatMap((id, index) => {
      const unit = units.get(id);
      return unit ? [{ id, name: unit.name, mailbox: unit.mailbox, unopened: counts[index] ?? 0 }] : [];
    }),
    current: reader.actor.unitId,
    query: unitQueryOf(reader.actor),
  };
}

/** A line of the mailbox: what the page shows of one envelope, nothing more (each field is sent with every line). */
export interface EnvelopeLine {
  id: string;
  subject: string;
  senderReference: string | null;
  /** The other unit: the sender of a message this unit received, else the one it was sent to. */
  counterpart: UnitName;
  /** UTC, ISO 8601. */
  sentAt: string;
  caseReference: string | null;
  received: boolean;
  opened: boolean;
  claimedBy: string | null;
  handled: boolean;
}

export interface MailboxPage {
  mailboxes: Awaited<ReturnType<typeof mailboxesOf>>;
  folder: Folder;
  filter: MailboxFilter;
  search: string;
  lines: EnvelopeLine[];
  /** The cursor of the next page (`?after=`), or null on the last page. */
  next: string | null;
}

/** Lines per mailbox page: as every long list's. */
export const mailboxPageSize = linesPerPage;

/** A page of the actor's unit's mailbox, envelopes only (never content), newest first. */
export async function listMailbox(reader: Reader<StaffActor>, query: { folder: Folder; filter: MailboxFilter; search: string; after: string }): Promise<MailboxPage> {
  const actor = reader.actor;
  const rows = await readMailbox(reader, { ...query, after: keysetOf(query.after, mailboxKeys), limit: mailboxPageSize });
  const page = rows.slice(0, mailboxPageSize);
  const directory = await directoryOf(reader);
  // One name object per unit, shared by its lines: the page's data names it once.
  const names = new Map<string, UnitName>();
  const nameOf = (unitId: string) => names.get(unitId) ?? names.set(unitId, unitNameOf(directory, unitId)).get(unitId)!;
  const last = page.at(-1);
  return {
    ...query,
    mailboxes: await mailboxesOf(reader, { counts: true }),
    lines: page.map((row) => {
      const received = row.recipientUnitId === actor.unitId;
      return {
        id: row.id,
        subject: row.subject,
        senderReference: row.senderReference,
        counterpart: nameOf(received ? row.senderUnitId : row.recipientUnitId),
        sentAt: row.sentAt,
        caseReference: row.caseNumber !== null ? caseReference(row.caseNumber) : null,
        received,
        opened: row.opened,
        claimedBy: row.claimedByName,
        handled: row.handled,
      };
    }),
    next: rows.length > mailboxPageSize && last ? keysetLink([last.sentAt, last.id]) : null,
  };
}

export interface HistoryLine {
  kind: MessageEventKind;
  by: string | null;
  to: string | null;
  /** UTC, ISO 8601. */
  at: string;
}

export interface MessageView {
  id: string;
  subject: string;
  senderReference: string | null;
  from: UnitName;
  to: UnitName;
  sentBy: string | null;
  sentAt: string;
  received: boolean;
  caseReference: string | null;
  /** The person it is about, as this viewer may see them; null for a general message. */
  client: ClientDisplay | null;
  category: { sv: string; en: string } | null;
  basis: string | null;
  legalJustification: string | null;
  /** The plain text, line breaks kept; rendered as text, never as HTML. */
  content: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  receipts: {
    deliveredAt: string;
    opened: { at: string; by: string | null; unit: UnitName } | null;
    handled: { at: string; by: string | null } | null;
  };
  /** Who holds it; `active` false when they no longer work in the unit (then anyone there may take it). */
  claimedBy: { id: string; name: string; active: boolean } | null;
  history: HistoryLine[];
}

export interface ThreadView {
  /** The message asked for by the URL. */
  messageId: string;
  subject: string;
  messages: MessageView[];
  /** The receiving unit's officers may handle the message asked for. */
  canHandle: boolean;
  /** Colleagues in the actor's unit a message can be handed to. */
  colleagues: { id: string; name: string }[];
  me: string;
  /** What links add to stay in the mailbox this page acts in ("unit=<id>" or ""). */
  unitQuery: string;
}

/**
 * Opens the thread of a message (404 unless the actor's unit sent or received it): every message
 * of the thread the unit is party to, decrypted, with receipts and history. The first opening by
 * an officer of the receiving unit is its "opened" receipt (who and when), kept on the message and
 * in its history; every opening is recorded by the gate.
 */
export async function openThread(reader: Reader<StaffActor>, messageId: string): Promise<ThreadView> {
  const actor = reader.actor;
  const asked = await readMessage(reader, messageId);
  const thread = await readThread(reader, asked.row.threadId);
  for (const scope of thread) scope.row = (await markOpened(reader, scope.row)) ?? scope.row;
  const views = await messageViews(reader, thread);
  const canHandle = asked.row.recipientUnitId === actor.unitId;
  const colleagues = canHandle ? (await unitOfficers(reader, actor.unitId)).map(({ id, name }) => ({ id, name })) : [];
  return { messageId, subject: asked.row.subject, messages: views, canHandle, colleagues, me: actor.userId, unitQuery: unitQueryOf(actor) };
}

/**
 * The "opened" receipt: the first opening by an officer of the receiving unit (who and when), kept
 * on the message and in its history. Returns the message as opened now, or null when the actor's
 * unit did not receive it or someone there opened it before.
 */
async function markOpened(reader: Reader<StaffActor>, row: Message): Promise<Message | null> {
  const actor = reader.actor;
  if (row.recipientUnitId !== actor.unitId || row.openedAt) return null;
  const [opened] = await reader.tx
    .update(messages)
    .set({ openedAt: reader.at, openedBy: actor.userId })
    .where(and(eq(messages.id, row.id), isNull(messages.openedAt)))
    .returning();
  if (!opened) return null;
  await reader.tx.insert(messageEvents).values({ messageId: opened.id, kind: "opened", byUser: actor.userId, at: reader.at });
  return opened;
}

async function messageViews(reader: Reader<StaffActor>, scopes: MessageScope[]): Promise<MessageView[]> {
  const directory = await directoryOf(reader);
  const ids = scopes.map((scope) => scope.row.id);
  const [events, attachments, clients] = [await readMessageEvents(reader, ids), await readAttachmentList(reader, ids), await readMessageClients(reader, scopes)];
  const clientOf = new Map(scopes.filter((scope) => scope.case).map((scope, index) => [scope.row.id, clients[index]!]));
  const people = await staffNamesOf(reader, [
    ...scopes.flatMap(({ row }) => [row.sentBy, row.openedBy, row.handledBy, row.claimedBy]),
    ...events.flatMap((event) => [event.byUser, event.toUser]),
  ]);
  const nameOf = (id: string | null) => (id ? (people.get(id)?.name ?? null) : null);
  const officerIds = new Set((await unitOfficers(reader, reader.actor.unitId)).map((officer) => officer.id));
  return scopes.map(({ row, caseNumber }) => {
    const category = row.categoryCode ? directory.categories.get(row.categoryCode) : undefined;
    return {
      id: row.id,
      subject: row.subject,
      senderReference: row.senderReference,
      from: unitNameOf(directory, row.senderUnitId),
      to: unitNameOf(directory, row.recipientUnitId),
      sentBy: nameOf(row.sentBy),
      sentAt: row.sentAt.toISOString(),
      received: row.recipientUnitId === reader.actor.unitId,
      caseReference: caseNumber !== undefined ? caseReference(caseNumber) : null,
      client: clientOf.get(row.id) ?? null,
      category: category ? { sv: category.nameSv, en: category.nameEn } : null,
      basis: row.basis,
      legalJustification: row.legalJustification,
      content: decrypt(row.contentEncrypted),
      attachments: attachments.filter((file) => file.messageId === row.id).map(({ id, filename, contentType, size }) => ({ id, filename, contentType, size })),
      receipts: receiptsOf(row, directory, nameOf),
      claimedBy: row.claimedBy ? { id: row.claimedBy, name: nameOf(row.claimedBy) ?? "", active: officerIds.has(row.claimedBy) } : null,
      history: events
        .filter((event) => event.messageId === row.id)
        .map((event) => ({ kind: event.kind, by: nameOf(event.byUser), to: nameOf(event.toUser), at: event.at.toISOString() })),
    };
  });
}

function receiptsOf(row: Message, directory: Directory, nameOf: (id: string | null) => string | null): MessageView["receipts"] {
  return {
    deliveredAt: row.deliveredAt.toISOString(),
    opened: row.openedAt ? { at: row.openedAt.toISOString(), by: nameOf(row.openedBy), unit: unitNameOf(directory, row.recipientUnitId) } : null,
    handled: row.handledAt ? { at: row.handledAt.toISOString(), by: nameOf(row.handledBy) } : null,
  };
}

/**
 * The receiving unit handles a message: claim ("I handle this"), release, hand over to a colleague
 * of the unit, mark handled, reopen. Refused: 404 for anyone outside the receiving unit;
 * messages.claimed_by_other (409) when a colleague holds it; messages.already_handled (409);
 * messages.not_claimed (409) to release what the actor does not hold; messages.colleague_required
 * (400) for a hand-over to someone who is not an active officer of the unit.
 */
export async function handleMessage(reader: Reader<StaffActor>, messageId: string, input: HandleInput): Promise<void> {
  const actor = reader.actor;
  const { row, case: kase, facts } = await readMessage(reader, messageId, { action: "message.handle", lock: true });
  const officers = await unitOfficers(reader, actor.unitId);
  // A message held by someone who no longer works in the unit (deactivated, moved) is free to take.
  const holder = row.claimedBy && officers.some((officer) => officer.id === row.claimedBy) ? row.claimedBy : null;
  const set: Partial<Message> = {};
  let kind: MessageEventKind;
  let toUser: string | null = null;
  switch (input.intent) {
    case "claim":
      if (row.handledAt) throw new DomainError("messages.already_handled", 409);
      if (holder && holder !== actor.userId) throw new DomainError("messages.claimed_by_other", 409);
      Object.assign(set, { claimedBy: actor.userId, claimedAt: reader.at });
      kind = "claimed";
      break;
    case "release":
      if (!row.claimedBy || (holder && holder !== actor.userId)) throw new DomainError("messages.not_claimed", 409);
      Object.assign(set, { claimedBy: null, claimedAt: null });
      kind = "released";
      break;
    case "hand_over": {
      if (row.handledAt) throw new DomainError("messages.already_handled", 409);
      if (holder && holder !== actor.userId) throw new DomainError("messages.claimed_by_other", 409);
      const colleague = officers.find((officer) => officer.id === input.toUserId && officer.id !== actor.userId);
      if (!colleague) throw new DomainError("messages.colleague_required");
      Object.assign(set, { claimedBy: colleague.id, claimedAt: reader.at });
      kind = "handed_over";
      toUser = colleague.id;
      break;
    }
    case "handled":
      if (row.handledAt) throw new DomainError("messages.already_handled", 409);
      if (holder && holder !== actor.userId) throw new DomainError("messages.claimed_by_other", 409);
      Object.assign(set, { handledAt: reader.at, handledBy: actor.userId, claimedBy: actor.userId, claimedAt: holder ? row.claimedAt : reader.at });
      kind = "handled";
      break;
    case "reopen":
      if (!row.handledAt) throw new DomainError("messages.not_handled", 409);
      Object.assign(set, { handledAt: null, handledBy: null });
      kind = "reopened";
      break;
  }
  await reader.tx.update(messages).set(set).where(eq(messages.id, row.id));
  await reader.tx.insert(messageEvents).values({ messageId: row.id, kind, byUser: actor.userId, toUser, at: reader.at });
  if (kase) {
    const action = ({ claim: "message.claim", release: "message.release", hand_over: "message.hand_over", handled: "message.mark_handled", reopen: "message.reopen" } as const)[input.intent];
    reader.changed({ action, clientId: kase.clientId, caseId: kase.caseId, resourceType: "message", resourceId: row.id, category: facts.categoryCode, basis: facts.basis });
  }
}

/**
 * An attachment's content through the gate (message.read of its message, recorded as a
 * "message_attachment" look), decrypted as the response is read. 404 for anyone else.
 */
export async function openAttachment(reader: Reader<StaffActor>, attachmentId: string): Promise<{ filename: string; contentType: string; size: number; body: ReadableStream<Uint8Array> }> {
  const { attachment, message } = await readAttachment(reader, attachmentId);
  // Its file read is the message opened, should the officer have come by a link straight to it.
  await markOpened(reader, message.row);
  const chunks = await attachmentChunks(reader.tx, attachment.id);
  return { filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, body: decryptedStream(chunks) };
}
