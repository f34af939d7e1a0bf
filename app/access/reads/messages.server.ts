import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { cases, mailboxThreads, mailboxUnopened, messageAttachments, messageEvents, messages, users, type Message, type MessageAttachment, type MessageEvent } from "../../../db/schema";
import type { AnyPgColumn, SubqueryWithSelection } from "drizzle-orm/pg-core";
import type { StaffActor } from "../actor";
import { directoryOf, type Directory } from "../directory.server";
import type { CaseFacts, MessageFacts } from "../policy";
import type { Allowed, Reader } from "../reader.server";
import { caseFacts, caseRows, readClientsOn, type ClientDisplay } from "./cases.server";
import { db, type Queryable } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { isUuid } from "~/lib/ids";
import { afterKeyset, exactTime, type KeyKind } from "~/lib/paging";

/**
 * Messages between functional mailboxes (messages, message_events, message_attachments), read only
 * through the reader (docs/architecture.md, "The door"). A message asked for by name is
 * `readMessage` (load it or 404, then one recorded `require`); a mailbox list is one
 * `mailbox.view` decision for the actor's own unit, and its lines are envelopes of that unit's
 * own records; the person a message is about is an identity.view of its own.
 */
export interface MessageScope {
  row: Message;
  facts: MessageFacts;
  /** The case the message is linked to (and so its client), if any, and the number it is known by. */
  case?: CaseFacts;
  caseNumber?: number;
}

export function messageFacts(row: Message, directory: Directory): MessageFacts {
  return {
    senderOrganizationId: row.senderOrganizationId,
    senderUnitId: row.senderUnitId,
    recipientOrganizationId: row.recipientOrganizationId,
    recipientUnitId: row.recipientUnitId,
    categoryCode: row.categoryCode,
    categoryOwnerKind: row.categoryCode ? (directory.categories.get(row.categoryCode)?.ownerKind ?? null) : null,
    legalReference: row.basis?.startsWith("legal:") ? row.basis.slice("legal:".length) : null,
    basis: row.basis,
  };
}

async function scopesOf(reader: Reader, rows: Message[]): Promise<MessageScope[]> {
  const directory = await directoryOf(reader);
  const kases = await caseRows(reader, rows.flatMap((row) => (row.caseId ? [row.caseId] : [])));
  return rows.map((row) => {
    const kase = row.caseId ? kases.get(row.caseId) : undefined;
    return { row, facts: messageFacts(row, directory), case: kase ? caseFacts(kase) : undefined, caseNumber: kase?.number };
  });
}

export interface MessageAccess {
  /** message.read (default) or message.handle (the receiving unit's handling). */
  action?: "message.read" | "message.handle";
  /** How the audit trail names what was read ("message", "message_attachment"). */
  resourceType?: string;
  resourceId?: string;
  /** Takes the row lock that serialises claims and hand-overs of this message. */
  lock?: boolean;
}

/**
 * "Load the message or 404": the message, after the gate allowed `action` on it (recorded, with
 * the message's category and basis, about its client when it has one). Unknown ids, malformed
 * ids and refusals all answer 404.
 */
export async function readMessage(reader: Reader<StaffActor>, messageId: string, access: MessageAccess = {}): Promise<MessageScope & { decision: Allowed }> {
  if (!isUuid(messageId)) throw notFound();
  const query = reader.tx.select().from(messages).where(eq(messages.id, messageId));
  const [row] = access.lock ? await query.for("update") : await query;
  if (!row) throw notFound();
  const [scope] = await scopesOf(reader, [row]);
  const decision = await reader.require(
    access.action ?? "message.read",
    { type: "message", message: scope!.facts, case: scope!.case },
    { resourceType: access.resourceType ?? "message", resourceId: access.resourceId ?? row.id },
  );
  return { ...scope!, decision };
}

/**
 * The messages of a thread the actor's unit sent or received, oldest first; each one a
 * message.read of its own (the opening of a thread reads every message in it).
 */
export async function readThread(reader: Reader<StaffActor>, threadId: string): Promise<(MessageScope & { decision: Allowed })[]> {
  const unitId = reader.actor.unitId;
  const rows = await reader.tx
    .select()
    .from(messages)
    .where(and(eq(messages.threadId, threadId), or(eq(messages.senderUnitId, unitId), eq(messages.recipientUnitId, unitId))))
    .orderBy(asc(messages.sentAt), asc(messages.id));
  const shown: (MessageScope & { decision: Allowed })[] = [];
  for (const scope of await scopesOf(reader, rows)) {
    const decision = await reader.check("message.read", { type: "message", message: scope.facts, case: scope.case }, { resourceType: "message", resourceId: scope.row.id });
    if (decision.allowed) shown.push({ ...scope, decision });
  }
  return shown;
}

/** Who each message is about, as identity.view lets this viewer see them (masked when protected). */
export function readMessageClients(reader: Reader, scopes: MessageScope[]): Promise<ClientDisplay[]> {
  const linked = scopes.filter((scope) => scope.case);
  return readClientsOn(reader, linked.map((scope) => ({ facts: scope.case!, message: scope.facts })));
}

/** The history (receipts and handling) of these messages, oldest first (at one instant, in the kinds' order: sent before delivered). For messages the reader already let through. */
export function readMessageEvents(reader: Reader, messageIds: string[]): Promise<MessageEvent[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return reader.tx.select().from(messageEvents).where(inArray(messageEvents.messageId, messageIds)).orderBy(asc(messageEvents.at), asc(messageEvents.kind), asc(messageEvents.id));
}

/** The attachments' metadata (never their content) of messages the reader already let through. */
export function readAttachmentList(reader: Reader, messageIds: string[]): Promise<MessageAttachment[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return reader.tx.select().from(messageAttachments).where(inArray(messageAttachments.messageId, messageIds)).orderBy(asc(messageAttachments.filename));
}

/**
 * One attachment, asked for by name: its message must pass message.read (recorded as a
 * "message_attachment" look with the message's category and basis), else 404.
 */
export async function readAttachment(reader: Reader<StaffActor>, attachmentId: string): Promise<{ attachment: MessageAttachment; message: MessageScope }> {
  if (!isUuid(attachmentId)) throw notFound();
  const [attachment] = await reader.tx.select().from(messageAttachments).where(eq(messageAttachments.id, attachmentId));
  if (!attachment) throw notFound();
  const message = await readMessage(reader, attachment.messageId, { resourceType: "message_attachment", resourceId: attachment.id });
  return { attachment, message };
}

/**
 * The columns a mailbox line shows, and only those (the bench explains the same statement): the
 * envelope's names and times, never the (encrypted) content, and whether it was opened and handled
 * as booleans. Every column and timestamp costs parsing on every line, which an empty mailbox
 * never pays (docs/bench.md, "The mailbox at 100 000 messages").
 */
const lineColumns = {
  id: messages.id,
  subject: messages.subject,
  senderReference: messages.senderReference,
  senderUnitId: messages.senderUnitId,
  recipientUnitId: messages.recipientUnitId,
  // As text, to the microsecond: what the line shows and its page link's key, never a Date.
  sentAt: exactTime(messages.sentAt).as("sent_at_text"),
  opened: sql<boolean>`${messages.openedAt} is not null`.as("opened"),
  handled: sql<boolean>`${messages.handledAt} is not null`.as("handled"),
};

/** What a page is cut with: the line's columns, its order, and the keys its case number and holder's name are looked up by. */
const pageColumns = { ...lineColumns, sentAtOrder: messages.sentAt, caseId: messages.caseId, claimedBy: messages.claimedBy };

export type Folder = "inbox" | "sent" | "threads";
export type MailboxFilter = "all" | "unread" | "mine" | "handled";

/** A mailbox page link's keys: the last line's sent time and id (`keysetOf`, `afterKeyset`). */
export const mailboxKeys: readonly KeyKind[] = ["time", "uuid"];

export interface MailboxQuery {
  folder: Folder;
  filter: MailboxFilter;
  /** Words searched in the subject, the sender's reference and the sender's unit and organisation. */
  search: string;
  /** Keyset: the sent time (`exactTime`, to the microsecond) and id of the last line of the previous page. */
  after?: readonly string[];
  /** Lines per page. */
  limit: number;
}

/** LIKE's own characters, escaped, so that a search is for the words as typed. */
const likeWords = (search: string) => `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * A page of the actor's unit's functional mailbox (mailbox.view, recorded once, about nobody):
 * envelopes newest first, keyset-paged on (sent_at, id) so that a mailbox of any size lists its
 * first page from the index. The "threads" folder shows each thread once, by its latest message.
 * Returns `limit + 1` rows at most, so the caller knows whether there is a next page, each with
 * the number of the case it is linked to (its reference is part of the envelope).
 */
export async function readMailbox(reader: Reader<StaffActor>, query: MailboxQuery): Promise<MailboxLine[]> {
  const actor = reader.actor;
  await reader.require("mailbox.view", { type: "mailbox", unitId: actor.unitId }, { resourceType: "mailbox", resourceId: actor.unitId, details: { folder: query.folder, filter: query.filter } });
  const received = query.folder === "inbox";
  const search = query.search.trim();
  // The inbox's unread messages are read from the mailbox's queue of unopened ones, in its order,
  // and the whole threads folder from the mailbox's threads by their latest message.
  const queue = received && query.filter === "unread";
  const threads = query.folder === "threads" && query.filter === "all" && !search;
  const own = query.folder === "inbox" ? eq(messages.recipientUnitId, actor.unitId) : query.folder === "sent" ? eq(messages.senderUnitId, actor.unitId) : or(eq(messages.recipientUnitId, actor.unitId), eq(messages.senderUnitId, actor.unitId));
  const conditions: (SQL | undefined)[] = [queue ? eq(mailboxUnopened.recipientUnitId, actor.unitId) : threads ? eq(mailboxThreads.unitId, actor.unitId) : own];
  // What a page cut from one of the mailbox's lists must also match on the envelope (a search).
  let envelope: SQL | undefined;
  // Unread in the inbox and in the threads is what this unit received and nobody here opened (the
  // header's count); in Sent, what the other unit has not opened yet.
  if (query.filter === "unread" && !queue) conditions.push(isNull(messages.openedAt), query.folder === "threads" ? eq(messages.recipientUnitId, actor.unitId) : undefined);
  if (query.filter === "mine") conditions.push(received ? eq(messages.claimedBy, actor.userId) : or(eq(messages.claimedBy, actor.userId), eq(messages.sentBy, actor.userId)));
  if (query.filter === "handled") conditions.push(isNotNull(messages.handledAt));
  if (search) {
    const directory = await directoryOf(reader);
    const needle = search.toLocaleLowerCase("sv");
    // The other unit of a line, by organisation, unit or mailbox: the sender in the inbox, the
    // recipient in Sent, either in the threads (never this unit itself, which is on every line).
    const others = [...directory.units.values()]
      .filter((unit) => unit.id !== actor.unitId && `${directory.organizations.get(unit.organizationId)?.name ?? ""} ${unit.name} ${unit.mailbox}`.toLocaleLowerCase("sv").includes(needle))
      .map((unit) => unit.id);
    const counterpart = !others.length
      ? undefined
      : query.folder === "inbox"
        ? inArray(messages.senderUnitId, others)
        : query.folder === "sent"
          ? inArray(messages.recipientUnitId, others)
          : or(inArray(messages.senderUnitId, others), inArray(messages.recipientUnitId, others));
    const words = or(ilike(messages.subject, likeWords(search)), ilike(messages.senderReference, likeWords(search)), counterpart);
    if (queue) envelope = words;
    else conditions.push(words);
  }
  if (query.folder === "threads" && !threads) {
    // Each thread once: its latest message the unit sent or received that the filter or search
    // keeps, found among all of them (a filtered view costs what the filter matches).
    const latest = reader.tx
      .selectDistinctOn([messages.threadId], { id: messages.id })
      .from(messages)
      .where(and(...conditions))
      .orderBy(messages.threadId, desc(messages.sentAt), desc(messages.id));
    conditions.splice(0, conditions.length, inArray(messages.id, latest));
  }
  if (query.after) {
    const order = queue ? [mailboxUnopened.sentAt, mailboxUnopened.messageId] : threads ? [mailboxThreads.sentAt, mailboxThreads.messageId] : [messages.sentAt, messages.id];
    conditions.push(afterKeyset(order, query.after, mailboxKeys, "desc"));
  }
  const where = and(...conditions)!;
  return queue ? unopenedPage(reader.tx, where, query.limit, envelope) : threads ? threadsPage(reader.tx, where, query.limit) : mailboxPage(reader.tx, where, query.limit);
}

/** A mailbox line: what `lineColumns` reads, the linked case's number and the name of whoever holds it. */
export interface MailboxLine {
  id: string;
  subject: string;
  senderReference: string | null;
  senderUnitId: string;
  recipientUnitId: string;
  /** UTC, ISO 8601 to the microsecond (`exactTime`). */
  sentAt: string;
  opened: boolean;
  handled: boolean;
  caseNumber: number | null;
  claimedByName: string | null;
}

/**
 * One page of envelopes under `where`, newest first, `limit + 1` rows, in one statement: the page
 * is cut first (a subquery with its own order and limit, so a stale statistic cannot turn it into
 * a read of the whole mailbox), then each of its rows looks up its case number and its holder's
 * name (`withCaseAndHolder`). The bench explains this very statement.
 */
export function mailboxPage(q: Queryable, where: SQL, limit: number) {
  return withCaseAndHolder(q, q.select(pageColumns).from(messages).where(where).orderBy(desc(messages.sentAt), desc(messages.id)).limit(limit + 1).as("page"));
}

/**
 * The same page of the inbox's unread messages, cut from the mailbox's queue of unopened messages
 * (`mailbox_unopened`, in the mailbox's order by its key) and joined to their envelopes; `where`
 * names the unit on the queue (and may add the keyset), `envelope` what the envelopes must also
 * match (a search).
 */
export function unopenedPage(q: Queryable, where: SQL, limit: number, envelope?: SQL) {
  return pageThrough(q, mailboxUnopened, where, limit, envelope);
}

/**
 * A page of the threads folder, each thread by its latest message, cut from the mailbox's threads
 * (`mailbox_threads`, in the folder's order by `mailbox_threads_latest_idx`) and joined to those
 * messages' envelopes; `where` names the unit on the threads (and may add the keyset).
 */
export function threadsPage(q: Queryable, where: SQL, limit: number) {
  return pageThrough(q, mailboxThreads, where, limit);
}

/**
 * A page cut from one of a mailbox's lists of messages (in its order: sent_at, then message id,
 * newest first), joined to their envelopes. Without `envelope` the page is cut from the list
 * alone before any envelope is read, so that a planner without fresh statistics (which takes the
 * list for a few rows and scans it) still reads `limit + 1` envelopes, not one per entry of the
 * list; with `envelope` (a search) the list is joined to the envelopes first and cut after.
 */
function pageThrough(q: Queryable, list: typeof mailboxUnopened | typeof mailboxThreads, where: SQL, limit: number, envelope?: SQL) {
  const order = [desc(list.sentAt), desc(list.messageId)];
  if (envelope) {
    const page = q.select(pageColumns).from(list).innerJoin(messages, eq(messages.id, list.messageId)).where(and(where, envelope)).orderBy(...order).limit(limit + 1).as("page");
    return withCaseAndHolder(q, page);
  }
  const cut = q.select({ messageId: list.messageId }).from(list).where(where).orderBy(...order).limit(limit + 1).as("cut");
  const page = q.select(pageColumns).from(cut).innerJoin(messages, eq(messages.id, cut.messageId)).as("page");
  return withCaseAndHolder(q, page);
}

/**
 * `(select value from its table where key = by)`: one value looked up by a key, null when `by` is
 * null or names nothing. A null `by` (most lines: no case, nobody holds it) runs no lookup at all:
 * PostgreSQL would otherwise run the subquery for it, and over a small table by a scan (96
 * against 44 buffers for the bench's page, 0.2 against 0.05 ms). The expression is a nested
 * template so that drizzle keeps every name qualified with its table (it leaves a one-table
 * select's own columns bare, and a bare "id" would be the looked-up table's, not the line's).
 */
function lookup<T>(value: AnyPgColumn, key: AnyPgColumn, by: AnyPgColumn | SQL.Aliased) {
  return sql<T | null>`${sql`case when ${by} is null then null else (select ${value} from ${value.table} where ${key} = ${by}) end`}`;
}

/**
 * A page of envelopes (cut first), each line with its linked case's number and its holder's name.
 * Both are looked up per line (a subquery by primary key), never joined: a join leaves the planner
 * free to hash the whole of `cases`, which the generic plan of a prepared statement did after
 * ANALYZE (4.4 ms against 0.8 ms, docs/bench.md), while a lookup per line costs one index probe
 * for each of at most `limit + 1` lines in every plan.
 */
function withCaseAndHolder(q: Queryable, page: SubqueryWithSelection<typeof pageColumns, "page">) {
  const columns = Object.fromEntries(Object.keys(lineColumns).map((key) => [key, page[key as keyof typeof lineColumns]])) as unknown as typeof lineColumns;
  return q
    .select({
      ...columns,
      caseNumber: lookup<number>(cases.number, cases.id, page.caseId),
      claimedByName: lookup<string>(users.name, users.id, page.claimedBy),
    })
    .from(page)
    .orderBy(desc(page.sentAtOrder), desc(page.id));
}

/** The header counts unopened messages up to this many and shows more as "more than 99". */
export const unopenedCountCap = 100;

/**
 * The header's count as one statement (the bench explains this very statement): at most
 * `unopenedCountCap` entries of these units' queues of unopened messages (`mailbox_unopened`, an
 * index-only read of its key), so that it stops early however many messages wait.
 */
export function unopenedCountQuery(q: Queryable, unitIds: readonly string[]) {
  const unopened = q
    .select({ id: mailboxUnopened.messageId })
    .from(mailboxUnopened)
    .where(inArray(mailboxUnopened.recipientUnitId, [...unitIds]))
    .limit(unopenedCountCap)
    .as("unopened");
  return q.select({ n: count() }).from(unopened);
}

/** The same count inside a look (the request's transaction): for the mailbox switcher. */
export async function countUnopenedIn(reader: Reader<StaffActor>, unitIds: readonly string[]): Promise<number> {
  const [row] = await unopenedCountQuery(reader.tx, unitIds);
  return Number(row?.n ?? 0);
}

/**
 * How many messages in these functional mailboxes (the units an officer works in) no one of the
 * receiving unit has opened yet, up to `unopenedCountCap`: a count of the officer's own mailboxes,
 * no client data, so it needs no reader (the header asks on every page).
 */
export async function countUnopenedMessages(unitIds: readonly string[]): Promise<number> {
  if (unitIds.length === 0) return 0;
  const [row] = await unopenedCountQuery(db(), unitIds);
  return Number(row?.n ?? 0);
}
