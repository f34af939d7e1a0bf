import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, or, sql } from "drizzle-orm";
import { infoRequestDocuments, infoRequestItems, infoRequests, infoRequestTransitions, type Case, type InfoRequest, type InfoRequestItem } from "../../../db/schema";
import type { ClientActor, StaffActor } from "../actor";
import { directoryOf } from "../directory.server";
import type { Action, CaseFacts, Decision, InfoRequestFacts, Resource } from "../policy";
import { together, type Allowed, type Reader } from "../reader.server";
import { caseFacts, caseRows, readClientsOn, type CaseScope, type ClientDisplay } from "./cases.server";
import type { Queryable } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { isUuid } from "~/lib/ids";
import { anyOf, statement } from "~/lib/statement.server";
import { afterKeyset, exactTime, keysetLink } from "~/lib/paging";

/**
 * Information requests (info_requests, their items, transitions and answered documents), read
 * only through the reader (docs/architecture.md, "The door"). A request is asked for by name
 * (`readRequest`: load it or 404, then one recorded `require`); lists decide each request as a
 * line (`check`: shown when allowed, recorded as withheld when not); each released answer is a
 * `request.read` of its own, with the basis that lets the reader see it.
 */
export type RequestAction = Extract<Action, `request.${string}`>;

/** Who asks whom, on which case: enough for the policy to decide, before a request exists. */
export interface RequestContext {
  case: { facts: CaseFacts };
  facts: InfoRequestFacts;
}

/** A stored request with its case and items (items by category code). */
export interface RequestScope extends RequestContext {
  request: InfoRequest;
  case: { row: Case; facts: CaseFacts };
  items: InfoRequestItem[];
}

export type Transition = typeof infoRequestTransitions.$inferSelect;

export function requestFacts(request: InfoRequest, receivingKind: InfoRequestFacts["receivingKind"]): InfoRequestFacts {
  return {
    requestingOrganizationId: request.requestingOrganizationId,
    receivingOrganizationId: request.receivingOrganizationId,
    receivingKind,
    receivingUnitId: request.receivingUnitId,
    consentId: request.consentId,
    legalReference: request.basis === "legal" ? request.legalReference : null,
  };
}

/** The policy's resource for the whole request, or for one item of it (the category is recorded). */
export function requestResource(on: RequestContext, categoryCode?: string): Resource {
  if (!categoryCode) return { type: "case", case: on.case.facts, request: on.facts };
  return { type: "case_data", case: on.case.facts, ownerOrganizationId: on.facts.receivingOrganizationId, ownerKind: on.facts.receivingKind, category: categoryCode, request: on.facts };
}

const released = (item: InfoRequestItem) => item.decision === "released" || item.decision === "released_partly";

const itemsOfRequests = statement((db) => db.select().from(infoRequestItems).where(anyOf(infoRequestItems.requestId, "ids")).orderBy(asc(infoRequestItems.categoryCode)));

/**
 * Requests with their cases and items: at most three queries, read together, for any number of
 * requests (`loaded`: their items, when the requests' statement brought them already). No decision.
 */
async function scopesOf(reader: Reader, requests: InfoRequest[], loaded?: InfoRequestItem[]): Promise<RequestScope[]> {
  if (requests.length === 0) return [];
  const [{ organizations }, kases, items] = await together([
    directoryOf(reader),
    caseRows(reader, requests.map((request) => request.caseId)),
    loaded ? Promise.resolve(loaded) : itemsOfRequests(reader.tx, { ids: requests.map((request) => request.id) }),
  ]);
  return requests.map((request) => {
    const row = kases.get(request.caseId)!;
    return {
      request,
      case: { row, facts: caseFacts(row) },
      facts: requestFacts(request, organizations.get(request.receivingOrganizationId)!.kind),
      items: items.filter((item) => item.requestId === request.id),
    };
  });
}

export interface RequestAccess {
  /** request.manage (the requesting organisation) or request.handle (the receiving unit). */
  action: RequestAction;
  /** How the audit trail names what was read; "info_request" by default. */
  resourceType?: string;
  /** Takes the row lock that serialises edits, claims and answers of this request. */
  lock?: boolean;
  /** The case in the URL: a request of another case is not found. */
  caseId?: string;
  /** Drafts are the requester's own work: for anyone else they do not exist. */
  submittedOnly?: boolean;
}

/**
 * "Load the request or 404": the request with its case and items, after the gate allowed
 * `action` on it. A malformed or unknown id throws not_found (404); a refusal throws
 * AccessDenied (recorded, 404).
 */
export async function readRequest(reader: Reader<StaffActor>, requestId: string, access: RequestAccess): Promise<RequestScope & { decision: Allowed }> {
  if (!isUuid(requestId)) throw notFound();
  const query = reader.tx.select().from(infoRequests).where(eq(infoRequests.id, requestId));
  const [request] = access.lock ? await query.for("update") : await query;
  if (!request || (access.caseId !== undefined && request.caseId !== access.caseId) || (access.submittedOnly && request.status === "draft")) throw notFound();
  const [scope] = await scopesOf(reader, [request]);
  const decision = await reader.require(access.action, requestResource(scope!), { resourceType: access.resourceType ?? "info_request", resourceId: request.id });
  return { ...scope!, decision };
}

/** One item to decide: its category, and the id the audit trail names it by. */
export interface ItemTarget {
  categoryCode: string;
  resourceId: string;
}

/**
 * Decides `action` on each item (asking for it, releasing it) and records every decision; a
 * refusal withholds that item only. The caller refuses the whole change when any is refused.
 */
export async function checkItems(reader: Reader<StaffActor>, on: RequestContext, action: RequestAction, items: ItemTarget[]): Promise<Map<string, Decision>> {
  const decisions = new Map<string, Decision>();
  for (const item of items) {
    decisions.set(item.resourceId, await reader.check(action, requestResource(on, item.categoryCode), { resourceType: "info_request_item", resourceId: item.resourceId }));
  }
  return decisions;
}

/** Decides `action` on each item of a request the actor asked for by name; a refusal is a 404. */
export async function requireItems(reader: Reader<StaffActor>, scope: RequestScope, action: RequestAction): Promise<void> {
  for (const item of scope.items) {
    await reader.require(action, requestResource(scope, item.categoryCode), { resourceType: "info_request_item", resourceId: item.id });
  }
}

/**
 * The released answers this reader may read (request.read per item, recorded with its basis).
 * An answer whose basis no longer holds is withheld, and recorded so.
 */
export async function readAnswers(reader: Reader, scope: RequestScope): Promise<Set<string>> {
  const readable = new Set<string>();
  for (const item of scope.items.filter(released)) {
    const decision = await reader.check("request.read", requestResource(scope, item.categoryCode), { resourceType: "info_request_item", resourceId: item.id });
    if (decision.allowed) readable.add(item.id);
  }
  return readable;
}

export interface CaseRequest {
  scope: RequestScope;
  role: "requester" | "receiver";
  /** The items whose answers the reader may see. */
  readable: Set<string>;
}

/** The case's requests that concern the actor's organisation or unit, each with its items (one row per item, or one without). */
const requestsOfCase = statement((db) =>
  db
    .select({ request: infoRequests, item: infoRequestItems })
    .from(infoRequests)
    .leftJoin(infoRequestItems, eq(infoRequestItems.requestId, infoRequests.id))
    .where(
      and(
        eq(infoRequests.caseId, sql.placeholder("caseId")),
        or(eq(infoRequests.requestingOrganizationId, sql.placeholder("organizationId")), and(eq(infoRequests.receivingUnitId, sql.placeholder("unitId")), ne(infoRequests.status, "draft"))),
      ),
    )
    .orderBy(desc(infoRequests.createdAt), asc(infoRequests.id), asc(infoRequestItems.categoryCode)),
);

/**
 * The requests of a case the gate let the actor in to: those its organisation made (request.manage,
 * each answer request.read) and those its unit received, drafts apart (request.handle). Newest first.
 */
export async function readCaseRequests(reader: Reader<StaffActor>, kase: CaseScope): Promise<CaseRequest[]> {
  const actor = reader.actor;
  const rows = await requestsOfCase(reader.tx, { caseId: kase.facts.caseId, organizationId: actor.organizationId, unitId: actor.unitId });
  const requests = new Map(rows.map(({ request }) => [request.id, request]));
  const items = rows.flatMap(({ item }) => (item ? [item] : []));
  const listed: CaseRequest[] = [];
  for (const scope of await scopesOf(reader, [...requests.values()], items)) {
    const requester = scope.request.requestingOrganizationId === actor.organizationId;
    const decision = await reader.check(requester ? "request.manage" : "request.handle", requestResource(scope), { resourceType: "info_request", resourceId: scope.request.id });
    if (!decision.allowed) continue;
    const readable = requester ? await readAnswers(reader, scope) : new Set(scope.items.filter(released).map((item) => item.id));
    listed.push({ scope, role: requester ? "requester" : "receiver", readable });
  }
  return listed;
}

export interface InboxEntry {
  scope: RequestScope;
  /** The person, as identity.view lets this unit see them (a protected identity only for the unit that holds it). */
  client: ClientDisplay;
}

/** The keys of the receiving unit's open queue: desired date (undated last), when sent, id. */
export const queueKeys = ["date", "time", "uuid"] as const;

// The queue's and the done list's orders and conditions, written as the partial indexes on
// info_requests name them (`info_requests_open_queue_idx`, `info_requests_done_idx`): constants, so
// that the planner matches them with or without statistics.
const queueDate = sql`coalesce(${infoRequests.desiredBy}, '9999-12-31'::date)`;
const inQueue = sql`${infoRequests.status} in ('submitted', 'in_review')`;
const doneAt = sql`coalesce(${infoRequests.answeredAt}, ${infoRequests.submittedAt})`;
const isDone = sql`${infoRequests.status} in ('answered', 'partly_answered', 'declined', 'withdrawn') and ${infoRequests.submittedAt} is not null`;

/** How many answered or withdrawn requests the inbox shows under the queue. */
export const latestDone = 20;

/** A page of a unit's open queue as one statement, `limit + 1` rows (tests explain this very statement). */
export function queuePage(q: Queryable, unitId: string, page: { after?: string[]; limit: number }) {
  return q
    .select({ request: infoRequests, at: exactTime(infoRequests.submittedAt) })
    .from(infoRequests)
    .where(and(eq(infoRequests.receivingUnitId, unitId), inQueue, page.after ? afterKeyset([queueDate, infoRequests.submittedAt, infoRequests.id], page.after, queueKeys, "asc") : undefined))
    .orderBy(asc(queueDate), asc(infoRequests.submittedAt), asc(infoRequests.id))
    .limit(page.limit + 1);
}

/** A unit's latest answered or withdrawn requests, newest first, as one statement. */
export function latestDonePage(q: Queryable, unitId: string) {
  return q.select().from(infoRequests).where(and(eq(infoRequests.receivingUnitId, unitId), isDone)).orderBy(desc(doneAt), desc(infoRequests.id)).limit(latestDone);
}

/**
 * The receiving unit's inbox: a page of its open queue — by desired date (undated last), then by
 * when it was sent, then id; `limit` rows after the keyset `after` (see queueKeys) — and its
 * latest `latestDone` answered or withdrawn requests on the first page (never a draft, withdrawn or not), each read
 * through its index in that order. Consents of all their cases are loaded once; each request is a
 * line of the list (request.handle), and the person's name an identity.view of its own. `next` is
 * the link of the queue's following page (null on the last).
 */
export async function readInbox(reader: Reader<StaffActor>, page: { after?: string[]; limit: number }): Promise<{ open: InboxEntry[]; done: InboxEntry[]; next: string | null }> {
  const read = await queuePage(reader.tx, reader.actor.unitId, page);
  const queue = read.slice(0, page.limit);
  const last = read.length > page.limit ? queue.at(-1) : undefined;
  // The latest handled are part of the first page only.
  const done = page.after ? [] : await latestDonePage(reader.tx, reader.actor.unitId);
  const handled = await handledLines(reader, [...queue.map(({ request }) => request), ...done], "request_list_item");
  // The inbox names the person; the number waits for the request's own page.
  const people = await readClientsOn(reader, handled.map((scope) => ({ facts: scope.case.facts, request: scope.facts })), { number: false });
  const entries = handled.map((scope, index) => ({ scope, client: people[index]! }));
  const open = entries.filter(({ scope }) => scope.request.status === "submitted" || scope.request.status === "in_review");
  return {
    open,
    done: entries.filter((entry) => !open.includes(entry)),
    next: last ? keysetLink([last.request.desiredBy ?? "9999-12-31", last.at, last.request.id]) : null,
  };
}

/**
 * The requests made about the client signed in, once sent (drafts are the asker's own work),
 * newest first; each one a request.read of their own data.
 */
export async function readOwnRequests(reader: Reader<ClientActor>): Promise<RequestScope[]> {
  const rows = await reader.tx
    .select()
    .from(infoRequests)
    .where(and(eq(infoRequests.clientId, reader.actor.clientId), isNotNull(infoRequests.submittedAt)))
    .orderBy(desc(infoRequests.submittedAt));
  const shown: RequestScope[] = [];
  for (const scope of await scopesOf(reader, rows)) {
    const decision = await reader.check("request.read", requestResource(scope), { resourceType: "info_request", resourceId: scope.request.id });
    if (decision.allowed) shown.push(scope);
  }
  return shown;
}

const transitionsOfRequests = statement((db) => db.select().from(infoRequestTransitions).where(anyOf(infoRequestTransitions.requestId, "ids")).orderBy(asc(infoRequestTransitions.at)));

/** The state changes of requests already passed by the gate, oldest first (part of what was decided on them). */
export async function readTransitions(reader: Reader, scopes: RequestScope[]): Promise<Map<string, Transition[]>> {
  const byRequest = new Map<string, Transition[]>(scopes.map((scope) => [scope.request.id, []]));
  if (scopes.length === 0) return byRequest;
  const rows = await transitionsOfRequests(reader.tx, { ids: [...byRequest.keys()] });
  for (const row of rows) byRequest.get(row.requestId)!.push(row);
  return byRequest;
}

export type AnswerDocument = typeof infoRequestDocuments.$inferSelect;

/**
 * A PDF given in a released answer: the receiving unit that gave it (request.handle), the
 * requesting organisation while its basis holds and the client it is about (request.read).
 * Unknown, unreleased or refused: 404 (a refusal recorded).
 */
export async function readAnswerDocument(reader: Reader, documentId: string): Promise<AnswerDocument> {
  if (!isUuid(documentId)) throw notFound();
  const [document] = await reader.tx.select().from(infoRequestDocuments).where(eq(infoRequestDocuments.id, documentId));
  const [item] = document ? await reader.tx.select().from(infoRequestItems).where(eq(infoRequestItems.id, document.itemId)) : [];
  if (!document || !item || !released(item)) throw notFound();
  const [request] = await reader.tx.select().from(infoRequests).where(eq(infoRequests.id, item.requestId));
  const [scope] = await scopesOf(reader, [request!]);
  const actor = reader.actor;
  const action = actor.kind === "staff" && actor.unitId === request!.receivingUnitId ? "request.handle" : "request.read";
  await reader.require(action, requestResource(scope!, item.categoryCode), { resourceType: "info_request_document", resourceId: document.id });
  return document;
}

export interface LeadTimeRow {
  status: InfoRequest["status"];
  submittedAt: Date | null;
  answeredAt: Date | null;
}

/**
 * States and times of the requests submitted in [start, end) to the actor's unit ("received") or
 * by it ("sent"): the statistics' counts and lead times. Aggregates about no one in particular
 * (no ids, no names, no case), so there is nothing to decide per person and nothing is recorded.
 */
export async function readLeadTimes(reader: Reader<StaffActor>, period: { start: Date; end: Date }, side: "received" | "sent"): Promise<LeadTimeRow[]> {
  const unit = side === "received" ? infoRequests.receivingUnitId : infoRequests.requestingUnitId;
  return reader.tx
    .select({ status: infoRequests.status, submittedAt: infoRequests.submittedAt, answeredAt: infoRequests.answeredAt })
    .from(infoRequests)
    .where(and(eq(unit, reader.actor.unitId), gte(infoRequests.submittedAt, period.start), lt(infoRequests.submittedAt, period.end)));
}

/**
 * The requests to the actor's unit still open (`statuses`) past their desired date (before
 * `today`, YYYY-MM-DD), most overdue first. The list names requests, so each one passes the
 * gate as a line (request.handle, recorded); only those allowed are returned.
 */
export async function readOverdue(reader: Reader<StaffActor>, { today, statuses }: { today: string; statuses: readonly InfoRequest["status"][] }): Promise<RequestScope[]> {
  const rows = await reader.tx
    .select()
    .from(infoRequests)
    .where(and(eq(infoRequests.receivingUnitId, reader.actor.unitId), inArray(infoRequests.status, [...statuses]), lt(infoRequests.desiredBy, today)))
    .orderBy(asc(infoRequests.desiredBy));
  return handledLines(reader, rows, "overdue_request");
}

/**
 * Requests addressed to the actor's unit, each as a line of a list: request.handle decided and
 * recorded per request (the consents of all their cases loaded at once); the allowed ones returned.
 */
async function handledLines(reader: Reader<StaffActor>, rows: InfoRequest[], resourceType: string): Promise<RequestScope[]> {
  const scopes = await scopesOf(reader, rows);
  await reader.consentsFor(scopes.map((scope) => scope.case.facts.caseId));
  const handled: RequestScope[] = [];
  for (const scope of scopes) {
    const decision = await reader.check("request.handle", requestResource(scope), { resourceType, resourceId: scope.request.id });
    if (decision.allowed) handled.push(scope);
  }
  return handled;
}
