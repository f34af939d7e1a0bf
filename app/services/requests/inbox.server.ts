import { eq } from "drizzle-orm";
import { infoRequests } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf, staffNamesOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readClientOn } from "~/access/reads/cases.server";
import { queueKeys, readInbox, readRequest, requireItems } from "~/access/reads/requests.server";
import { isOfficer } from "~/access/roles";
import { DomainError, notFound } from "~/lib/errors";
import { keysetOf, linesPerPage } from "~/lib/paging";
import { caseReference } from "~/services/cases/references";
import { isOverdue, nextStatus, refusalCode, type RequestStatus } from "./states";
import { recordTransition, requestReference, requestView, todayOf } from "./view.server";
import type { RequestView, Text } from "./views";

/**
 * The receiving unit's inbox: the queue of requests addressed to its functional mailbox, and
 * claiming one so that two officers do not answer the same request. Only the unit's officers pass
 * the gate ("request.handle"); every request shown is recorded with the request's basis, and the
 * person's name is shown only as identity.view allows (a protected identity only to the unit
 * that holds it). Answering is in answer.server.ts.
 */
export interface InboxRow {
  id: string;
  reference: string;
  caseReference: string;
  /** Null when the unit may not see who it is (a protected identity, or a case it does not see). */
  clientName: string | null;
  requester: { unit: string; organization: string };
  items: Text[];
  status: RequestStatus;
  legal: boolean;
  desiredBy: string | null;
  overdue: boolean;
  submittedAt: string | null;
  answeredAt: string | null;
  claimedBy: string | null;
}

export interface Inbox {
  unit: { name: string; mailbox: string };
  /** A page of the open queue. */
  open: InboxRow[];
  /** The latest 20 answered or withdrawn, newest first. */
  done: InboxRow[];
  /** The link value of the queue's next page (`?after=`), or null on the last. */
  next: string | null;
}

/**
 * A page of the open requests, by desired date (undated last); then the latest answered or
 * withdrawn. `after` is the page link (none: the first page; malformed: DomainError
 * page.invalid_cursor, 400). 404 for non-officers.
 */
export async function listInbox(reader: Reader<StaffActor>, after?: string | null): Promise<Inbox> {
  // Only officers have an inbox; administrators and auditors see no client data by their role.
  if (!isOfficer(reader.actor.role)) throw notFound();
  const { units, organizations, categories } = await directoryOf(reader);
  const inbox = await readInbox(reader, { after: keysetOf(after, queueKeys), limit: linesPerPage });
  const claimers = await staffNamesOf(reader, [...inbox.open, ...inbox.done].map(({ scope }) => scope.request.claimedBy));
  const today = todayOf(reader);
  const rowOf = ({ scope: { request, items, case: kase }, client }: (typeof inbox.open)[number]): InboxRow => ({
    id: request.id,
    reference: requestReference(request.number),
    caseReference: caseReference(kase.row.number),
    clientName: client.name,
    requester: { unit: units.get(request.requestingUnitId)?.name ?? "", organization: organizations.get(request.requestingOrganizationId)?.name ?? "" },
    items: items.map((item) => {
      const category = categories.get(item.categoryCode);
      return { sv: category?.nameSv ?? item.categoryCode, en: category?.nameEn ?? item.categoryCode };
    }),
    status: request.status,
    legal: request.basis === "legal",
    desiredBy: request.desiredBy,
    overdue: isOverdue(request.status, request.desiredBy, today),
    submittedAt: request.submittedAt?.toISOString() ?? null,
    answeredAt: request.answeredAt?.toISOString() ?? null,
    claimedBy: request.claimedBy ? (claimers.get(request.claimedBy)?.name ?? null) : null,
  });
  const unit = units.get(reader.actor.unitId);
  return { unit: { name: unit?.name ?? "", mailbox: unit?.mailbox ?? "" }, open: inbox.open.map(rowOf), done: inbox.done.map(rowOf), next: inbox.next };
}

export type InboxRequest = RequestView & {
  /**
   * The receiving unit finds the person in its own records by name and number; both are null
   * when identity.view does not allow them (a protected identity outside the unit that holds it).
   */
  client: { name: string | null; personnummer: string | null; protectedIdentity: boolean };
  claimedByMe: boolean;
};

/** One request addressed to the actor's unit (404 otherwise, and for drafts), with the person it is about; each item's handling recorded. */
export async function getInboxRequest(reader: Reader<StaffActor>, requestId: string): Promise<InboxRequest> {
  const scope = await readRequest(reader, requestId, { action: "request.handle", submittedOnly: true });
  await requireItems(reader, scope, "request.handle");
  const client = await readClientOn(reader, scope.case, scope.facts);
  return {
    ...(await requestView(reader, scope, () => true)),
    client: { name: client.name, personnummer: client.personnummer, protectedIdentity: client.protectedIdentity },
    claimedByMe: scope.request.claimedBy === reader.actor.userId,
  };
}

/** Takes the request: the first officer gets it, a second one is told it is taken (409). Atomic under the row lock. */
export async function claimRequest(reader: Reader<StaffActor>, requestId: string): Promise<void> {
  const actor = reader.actor;
  const { request } = await readRequest(reader, requestId, { action: "request.handle", lock: true });
  if (request.status === "in_review" && request.claimedBy === actor.userId) return;
  const next = nextStatus(request.status, "claim");
  if (!next) throw new DomainError(refusalCode(request.status, "claim"), 409);
  await reader.tx.update(infoRequests).set({ status: next, claimedBy: actor.userId, claimedAt: reader.at, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
  await recordTransition(reader, request.id, request.status, next);
  reader.changed({ action: "request.claim", clientId: request.clientId, caseId: request.caseId, resourceType: "info_request", resourceId: request.id });
}

/** Puts the request back in the unit's queue (any officer of the unit, so that work survives absences); 409 when not claimed. */
export async function unclaimRequest(reader: Reader<StaffActor>, requestId: string): Promise<void> {
  const { request } = await readRequest(reader, requestId, { action: "request.handle", lock: true });
  const next = nextStatus(request.status, "unclaim");
  if (!next) throw new DomainError(refusalCode(request.status, "unclaim"), 409);
  await reader.tx.update(infoRequests).set({ status: next, claimedBy: null, claimedAt: null, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
  await recordTransition(reader, request.id, request.status, next);
  reader.changed({ action: "request.unclaim", clientId: request.clientId, caseId: request.caseId, resourceType: "info_request", resourceId: request.id, details: { claimedBy: request.claimedBy } });
}
