import { customType, index, integer, pgEnum, pgTable, primaryKey, text, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { cases, infoCategories } from "./cases";
import { clients } from "./clients";
import { organizations, orgUnits, users } from "./directory";
import { timestamptz } from "./columns";

/** Raw bytes (PostgreSQL bytea), read as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A message from one unit's functional mailbox to another's, in the manner of SDK (Säker digital
 * kommunikation, docs/messaging-sdk.md): the envelope in clear columns, the content encrypted
 * (AES-256-GCM, the versioned keys of app/lib/crypto.server.ts). Addressed to units, never persons.
 * A message is never edited; its handling (claim, hand-over, handled) and receipts are on the row
 * for lists and in `message_events` for the thread's history.
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The first message's id; a reply carries its thread's. */
    threadId: uuid("thread_id").notNull(),
    inReplyTo: uuid("in_reply_to").references((): AnyPgColumn => messages.id),
    senderOrganizationId: uuid("sender_organization_id")
      .notNull()
      .references(() => organizations.id),
    senderUnitId: uuid("sender_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    sentBy: text("sent_by")
      .notNull()
      .references(() => users.id),
    recipientOrganizationId: uuid("recipient_organization_id")
      .notNull()
      .references(() => organizations.id),
    recipientUnitId: uuid("recipient_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    /** Part of the envelope, stored in clear: never a personal identity or coordination number. */
    subject: text("subject").notNull(),
    /** The sender's own reference (their diary number), if given. */
    senderReference: text("sender_reference"),
    /** The case the message is about (and so its client), for a message about a client. */
    caseId: uuid("case_id").references(() => cases.id),
    clientId: uuid("client_id").references(() => clients.id),
    /** The information category the message discloses (a category of the sender's organisation). */
    categoryCode: text("category_code").references(() => infoCategories.code),
    /** The gate's basis: "consent:<id>", "legal:<statute>", "own_organization"; null for a general message. */
    basis: text("basis"),
    legalJustification: text("legal_justification"),
    /** The plain-text content, encrypted (`v<key>.<iv>.<tag>.<ciphertext>`). */
    contentEncrypted: text("content_encrypted").notNull(),
    sentAt: timestamptz("sent_at").notNull(),
    /** When it reached the recipient's mailbox (in Samsyn: committed with the send). */
    deliveredAt: timestamptz("delivered_at").notNull(),
    /** The first opening by an officer of the receiving unit. */
    openedAt: timestamptz("opened_at"),
    openedBy: text("opened_by").references(() => users.id),
    claimedBy: text("claimed_by").references(() => users.id),
    claimedAt: timestamptz("claimed_at"),
    handledAt: timestamptz("handled_at"),
    handledBy: text("handled_by").references(() => users.id),
  },
  (table) => [
    // The mailbox's pages, newest first, read from the index and stopped after a page. `order by
    // sent_at desc, id desc` means DESC NULLS FIRST in PostgreSQL; built DESC NULLS LAST (what
    // drizzle-kit writes for a bare .desc()) the index cannot give that order, and every first
    // page read and sorted the whole mailbox (npm run bench -- --only mailbox: 100 ms and more at
    // 100 000 messages). The columns are never null: NULLS FIRST only makes the orders match.
    index("messages_inbox_idx").on(table.recipientUnitId, table.sentAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("messages_sent_idx").on(table.senderUnitId, table.sentAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    index("messages_thread_idx").on(table.threadId, table.sentAt),
    index("messages_case_idx").on(table.caseId),
  ],
);

/**
 * The unopened messages of each functional mailbox, in the mailbox's order: what the header counts
 * on every page and what the "unread" filter lists. Kept by the database itself (trigger
 * `messages_unopened_queue`, migration 0012): a message enters when it is delivered unopened and
 * leaves at its first opening, whoever writes the row. Its only index is its key, so a page of
 * unread messages is read from it and stopped after a page on any statistics (a partial index on
 * `messages` left an unanalysed planner a choice between two indexes, and it chose the inbox's:
 * docs/bench.md, "The mailbox at 100 000 messages"). Holds no client data: unit, time and id.
 *
 * Neither this list nor `mailbox_threads` has a foreign key to `messages` (migration 0019): their
 * rows are written only by triggers on `messages`, from the very rows just written, and messages
 * are never deleted. The check only cost work, and worse: PostgreSQL plans a foreign key's check
 * once per connection and keeps the plan, so a connection that first checked against a tiny
 * `messages` went on scanning the whole table for every row (one bulk insert of 100 000 messages
 * ran for more than ten minutes instead of 9 s; docs/bench.md).
 */
export const mailboxUnopened = pgTable(
  "mailbox_unopened",
  {
    recipientUnitId: uuid("recipient_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    sentAt: timestamptz("sent_at").notNull(),
    /** The message: no foreign key (migration 0019, below). */
    messageId: uuid("message_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.recipientUnitId, table.sentAt, table.messageId] })],
);

/**
 * Each functional mailbox's threads by their latest message the unit sent or received: what the
 * "threads" folder lists, newest first, a page at a time from the index (`mailbox_threads_latest_idx`)
 * instead of finding each thread's latest message among all of the unit's (200 ms at 100 000
 * messages; docs/bench.md). Kept by the database itself (trigger `messages_mailbox_threads`,
 * migration 0018) on every message written, whoever writes it; messages are never deleted or
 * moved. Holds no client data: unit, thread, time and id.
 */
export const mailboxThreads = pgTable(
  "mailbox_threads",
  {
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    threadId: uuid("thread_id").notNull(),
    /** The latest message's sent_at and id: the folder's order, (sent_at, id) descending as the inbox's. */
    sentAt: timestamptz("sent_at").notNull(),
    /** The message: no foreign key, as `mailbox_unopened.message_id` (migration 0019). */
    messageId: uuid("message_id").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.unitId, table.threadId] }),
    index("mailbox_threads_latest_idx").on(table.unitId, table.sentAt.desc().nullsFirst(), table.messageId.desc().nullsFirst()),
  ],
);

export const messageEventKind = pgEnum("message_event_kind", ["sent", "delivered", "opened", "claimed", "released", "handed_over", "replied", "handled", "reopened"]);

/** What happened to a message, by whom and when: the receipts and the thread's history. */
export const messageEvents = pgTable(
  "message_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    kind: messageEventKind("kind").notNull(),
    byUser: text("by_user").references(() => users.id),
    /** The colleague a message was handed to. */
    toUser: text("to_user").references(() => users.id),
    at: timestamptz("at").notNull(),
  },
  (table) => [index("message_events_message_idx").on(table.messageId, table.at)],
);

/**
 * A file attached to a message. The type is the one detected from its bytes; the content is in
 * `message_attachment_chunks`, each chunk encrypted on its own so that it can be streamed.
 */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    /** As the sender named it (å, ä, ö kept); sent back in Content-Disposition. */
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    /** Bytes of the plain file. */
    size: integer("size").notNull(),
    /** SHA-256 of the plain file, hex. */
    sha256: text("sha256").notNull(),
  },
  (table) => [index("message_attachments_message_idx").on(table.messageId)],
);

/** One encrypted piece of an attachment (AES-256-GCM, `v<key>` + iv + tag + ciphertext as bytes). */
export const messageAttachmentChunks = pgTable(
  "message_attachment_chunks",
  {
    attachmentId: uuid("attachment_id")
      .notNull()
      .references(() => messageAttachments.id),
    seq: integer("seq").notNull(),
    content: bytea("content").notNull(),
  },
  (table) => [primaryKey({ columns: [table.attachmentId, table.seq] })],
);

export type Message = typeof messages.$inferSelect;
export type MessageEvent = typeof messageEvents.$inferSelect;
export type MessageEventKind = (typeof messageEventKind.enumValues)[number];
export type MessageAttachment = typeof messageAttachments.$inferSelect;
