import { infoRequestTransitions, type InfoCategory, type InfoRequestItem } from "../../../db/schema";
import type { StaffActor } from "~/access/actor";
import { directoryOf, staffNamesOf } from "~/access/directory.server";
import type { Reader } from "~/access/gate.server";
import { readTransitions, type RequestScope } from "~/access/reads/requests.server";
import { swedishToday } from "~/lib/calendar";
import { now } from "~/lib/time.server";
import { caseReference } from "~/services/cases/references";
import { isStoredAnswer, type AnswerField } from "./answers";
import { isOverdue, type RequestStatus } from "./states";
import { statuteByReference } from "./statutes";
import type { CaseRequestSummary, ItemView, RequestView } from "./views";

/**
 * The request views the pages render, built from requests the gate has already passed: the
 * envelope, each item with the answer when this viewer may read it, and the history.
 */
export const requestReference = (number: number) => `BEG-${String(number).padStart(5, "0")}`;

/** Today in Sweden at the look's instant: desired answer dates are Swedish calendar dates. */
export const todayOf = (reader: Reader) => swedishToday(reader.at);

/** What one viewer is shown of a request: `visible(item)` says whether they may read its released answer. */
export interface ViewOf {
  scope: RequestScope;
  visible: (item: InfoRequestItem) => boolean;
}

/** The views of several requests (one query for the history, one for the people named). */
export async function requestViews(reader: Reader, requests: ViewOf[]): Promise<RequestView[]> {
  const { categories, units, organizations } = await directoryOf(reader);
  const transitions = await readTransitions(reader, requests.map(({ scope }) => scope));
  const people = await staffNamesOf(reader, [
    ...requests.flatMap(({ scope }) => [scope.request.requestedBy, scope.request.claimedBy]),
    ...[...transitions.values()].flat().map((transition) => transition.byUser),
  ]);
  const today = todayOf(reader);
  return requests.map(({ scope, visible }) => {
    const { request, items } = scope;
    const requester = people.get(request.requestedBy);
    const requestingUnit = units.get(request.requestingUnitId);
    const receivingUnit = units.get(request.receivingUnitId);
    const statute = request.legalReference ? statuteByReference(request.legalReference) : undefined;
    return {
      id: request.id,
      reference: requestReference(request.number),
      caseId: request.caseId,
      caseReference: caseReference(scope.case.row.number),
      status: request.status,
      basis: request.basis,
      legalReference: request.basis === "legal" ? request.legalReference : null,
      legalLabel: statute?.label ?? null,
      legalJustification: request.basis === "legal" ? request.legalJustification : null,
      purpose: request.purpose,
      desiredBy: request.desiredBy,
      overdue: isOverdue(request.status, request.desiredBy, today),
      createdAt: request.createdAt.toISOString(),
      submittedAt: request.submittedAt?.toISOString() ?? null,
      answeredAt: request.answeredAt?.toISOString() ?? null,
      requester: {
        name: requester?.name ?? "",
        title: requester?.title ?? "",
        unit: requestingUnit?.name ?? "",
        mailbox: requestingUnit?.mailbox ?? "",
        organization: organizations.get(request.requestingOrganizationId)?.name ?? "",
        organizationId: request.requestingOrganizationId,
      },
      receiver: {
        unitId: request.receivingUnitId,
        unit: receivingUnit?.name ?? "",
        mailbox: receivingUnit?.mailbox ?? "",
        organization: organizations.get(request.receivingOrganizationId)?.name ?? "",
        organizationId: request.receivingOrganizationId,
      },
      claimedBy: request.claimedBy ? { id: request.claimedBy, name: people.get(request.claimedBy)?.name ?? "" } : null,
      items: items.map((item) => itemView(item, categories.get(item.categoryCode)!, visible)),
      transitions: (transitions.get(request.id) ?? []).map((transition) => ({
        from: transition.fromStatus,
        to: transition.toStatus,
        at: transition.at.toISOString(),
        by: transition.byUser ? (people.get(transition.byUser)?.name ?? null) : null,
      })),
    };
  });
}

function itemView(item: InfoRequestItem, category: InfoCategory, visible: ViewOf["visible"]): ItemView {
  const fields = category.answerSchema as AnswerField[];
  const isReleased = item.decision === "released" || item.decision === "released_partly";
  const shown = isReleased && visible(item);
  return {
    id: item.id,
    categoryCode: item.categoryCode,
    name: { sv: category.nameSv, en: category.nameEn },
    help: { sv: category.helpSv, en: category.helpEn },
    plain: { sv: category.plainSv, en: category.plainEn },
    fields,
    decision: item.decision,
    declineReason: item.declineReason,
    declineText: item.declineText,
    answer: shown && isStoredAnswer(fields, item.answer) ? item.answer : null,
    withheld: isReleased && !shown,
    answeredAt: item.answeredAt?.toISOString() ?? null,
  };
}

/**
 * The case page's list of requests: each request's envelope and its items' outcomes, without
 * the history or the people named in it (no queries beyond the directory).
 */
export async function caseRequestSummaries(reader: Reader, requests: (ViewOf & { role: CaseRequestSummary["role"] })[]): Promise<CaseRequestSummary[]> {
  const { categories, units, organizations } = await directoryOf(reader);
  const today = todayOf(reader);
  return requests.map(({ scope, visible, role }) => {
    const { request, items } = scope;
    return {
      id: request.id,
      reference: requestReference(request.number),
      role,
      status: request.status,
      basis: request.basis,
      overdue: isOverdue(request.status, request.desiredBy, today),
      requester: { unit: units.get(request.requestingUnitId)?.name ?? "", organization: organizations.get(request.requestingOrganizationId)?.name ?? "" },
      receiver: { unit: units.get(request.receivingUnitId)?.name ?? "", organization: organizations.get(request.receivingOrganizationId)?.name ?? "" },
      items: items.map((item) => {
        const { id, name, fields, decision, declineReason, declineText, answer, withheld } = itemView(item, categories.get(item.categoryCode)!, visible);
        return { id, name, fields, decision, declineReason, declineText, answer, withheld };
      }),
    };
  });
}

/** One request's view. */
export async function requestView(reader: Reader, scope: RequestScope, visible: ViewOf["visible"]): Promise<RequestView> {
  return (await requestViews(reader, [{ scope, visible }]))[0]!;
}

/** Stores a state change with its time and who made it (the history and the lead-time statistics). */
export async function recordTransition(reader: Reader<StaffActor>, requestId: string, fromStatus: RequestStatus | null, toStatus: RequestStatus): Promise<void> {
  // The moment itself (not the look's instant): a draft saved and sent in one request keeps its order.
  await reader.tx.insert(infoRequestTransitions).values({ requestId, fromStatus, toStatus, byUser: reader.actor.userId, at: now() });
}
