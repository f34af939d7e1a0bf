import { asc, eq, inArray } from "drizzle-orm";
import {
  cases,
  infoCategories,
  infoRequestItems,
  infoRequests,
  infoRequestTransitions,
  organizations,
  orgUnits,
  users,
  type Case,
  type InfoRequest,
  type InfoRequestItem,
} from "../../db/schema";
import type { Actor } from "~/access/actor";
import { authorize, AccessDenied } from "~/access/gate.server";
import type { Action, PolicyConsent, InfoRequestFacts, Resource } from "~/access/policy";
import { isStoredAnswer, type AnswerField } from "~/lib/answers";
import { swedishToday } from "~/lib/calendar";
import type { Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isOverdue, type RequestStatus } from "~/lib/requests/states";
import type { RequestView } from "~/lib/requests/views";
import { statuteByReference } from "~/lib/requests/statutes";
import { now } from "~/lib/time.server";
import { caseFacts, caseReference } from "./cases.server";

/**
 * What the request services share: loading a request with its case and items, the policy's view
 * of it, the transitions, and the serialisable views the pages render.
 */
export type { DeclineReason, ItemView, RequestView, Text } from "~/lib/requests/views";

export const requestReference = (number: number) => `BEG-${String(number).padStart(5, "0")}`;
/** Today in Sweden: desired answer dates are Swedish calendar dates. */
export const todayIso = () => swedishToday(now());

export interface Loaded {
  request: InfoRequest;
  kase: Case;
  items: InfoRequestItem[];
  facts: InfoRequestFacts;
}

/** The request, its case and items; `lock` takes the row lock that serialises claims and answers. */
export async function loadRequest(tx: Queryable, requestId: string, { lock = false } = {}): Promise<Loaded> {
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) throw new DomainError("not_found", 404);
  const query = tx.select().from(infoRequests).where(eq(infoRequests.id, requestId));
  const [request] = lock ? await query.for("update") : await query;
  if (!request) throw new DomainError("not_found", 404);
  const [kase] = await tx.select().from(cases).where(eq(cases.id, request.caseId));
  const items = await tx.select().from(infoRequestItems).where(eq(infoRequestItems.requestId, request.id)).orderBy(asc(infoRequestItems.categoryCode));
  const [receiving] = await tx.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, request.receivingOrganizationId));
  return { request, kase: kase!, items, facts: infoRequestFactsOf(request, receiving!.kind) };
}

export function infoRequestFactsOf(request: InfoRequest, receivingKind: InfoRequestFacts["receivingKind"]): InfoRequestFacts {
  return {
    requestingOrganizationId: request.requestingOrganizationId,
    receivingOrganizationId: request.receivingOrganizationId,
    receivingKind,
    receivingUnitId: request.receivingUnitId,
    consentId: request.consentId,
    legalReference: request.basis === "legal" ? request.legalReference : null,
  };
}

/** The policy's resource for the whole request, or for one item of it (the category is audited). */
export function requestResource(loaded: Pick<Loaded, "kase" | "facts">, categoryCode?: string): Resource {
  const kase = caseFacts(loaded.kase);
  if (!categoryCode) return { type: "case", case: kase, request: loaded.facts };
  return { type: "case_data", case: kase, ownerOrganizationId: loaded.facts.receivingOrganizationId, ownerKind: loaded.facts.receivingKind, category: categoryCode, request: loaded.facts };
}

/**
 * Records each decision and returns the refused ones instead of throwing, so that a caller can
 * answer with a clear message (and commit the recorded refusals) rather than "not found".
 */
export async function authorizeEach(
  tx: Queryable,
  actor: Actor,
  action: Action,
  resources: { resource: Resource; resourceId: string }[],
  consents: PolicyConsent[],
): Promise<{ allowed: Map<string, string>; refused: string[] }> {
  const allowed = new Map<string, string>();
  const refused: string[] = [];
  for (const { resource, resourceId } of resources) {
    try {
      const decision = await authorize(tx, actor, action, resource, { consents, resourceType: "info_request_item", resourceId });
      allowed.set(resourceId, decision.basis);
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      refused.push(resourceId);
    }
  }
  return { allowed, refused };
}

export async function recordTransition(tx: Queryable, requestId: string, fromStatus: RequestStatus | null, toStatus: RequestStatus, userId: string) {
  await tx.insert(infoRequestTransitions).values({ requestId, fromStatus, toStatus, byUser: userId, at: now() });
}

/** Builds the view; `showAnswer(item)` says whether this viewer may see that item's released answer. */
export async function requestView(tx: Queryable, loaded: Loaded, showAnswer: (item: InfoRequestItem) => boolean): Promise<RequestView> {
  const { request, kase, items } = loaded;
  const categories = new Map(
    (items.length ? await tx.select().from(infoCategories).where(inArray(infoCategories.code, items.map((item) => item.categoryCode))) : []).map((row) => [row.code, row]),
  );
  const unitIds = [request.requestingUnitId, request.receivingUnitId];
  const units = new Map((await tx.select().from(orgUnits).where(inArray(orgUnits.id, unitIds))).map((unit) => [unit.id, unit]));
  const orgs = new Map(
    (await tx.select().from(organizations).where(inArray(organizations.id, [request.requestingOrganizationId, request.receivingOrganizationId]))).map((org) => [org.id, org]),
  );
  const userIds = [request.requestedBy, ...(request.claimedBy ? [request.claimedBy] : [])];
  const transitions = await tx.select().from(infoRequestTransitions).where(eq(infoRequestTransitions.requestId, request.id)).orderBy(asc(infoRequestTransitions.at));
  for (const transition of transitions) if (transition.byUser) userIds.push(transition.byUser);
  const people = new Map((await tx.select().from(users).where(inArray(users.id, [...new Set(userIds)]))).map((user) => [user.id, user]));
  const requester = people.get(request.requestedBy)!;
  const statute = request.legalReference ? statuteByReference(request.legalReference) : undefined;
  return {
    id: request.id,
    reference: requestReference(request.number),
    caseId: kase.id,
    caseReference: caseReference(kase.number),
    status: request.status,
    basis: request.basis,
    legalReference: request.basis === "legal" ? request.legalReference : null,
    legalLabel: statute?.label ?? null,
    legalJustification: request.basis === "legal" ? request.legalJustification : null,
    purpose: request.purpose,
    desiredBy: request.desiredBy,
    overdue: isOverdue(request.status, request.desiredBy, todayIso()),
    createdAt: request.createdAt.toISOString(),
    submittedAt: request.submittedAt?.toISOString() ?? null,
    answeredAt: request.answeredAt?.toISOString() ?? null,
    requester: {
      name: requester.name,
      title: requester.title,
      unit: units.get(request.requestingUnitId)?.name ?? "",
      mailbox: units.get(request.requestingUnitId)?.mailbox ?? "",
      organization: orgs.get(request.requestingOrganizationId)?.name ?? "",
      organizationId: request.requestingOrganizationId,
    },
    receiver: {
      unitId: request.receivingUnitId,
      unit: units.get(request.receivingUnitId)?.name ?? "",
      mailbox: units.get(request.receivingUnitId)?.mailbox ?? "",
      organization: orgs.get(request.receivingOrganizationId)?.name ?? "",
      organizationId: request.receivingOrganizationId,
    },
    claimedBy: request.claimedBy ? { id: request.claimedBy, name: people.get(request.claimedBy)?.name ?? "" } : null,
    items: items.map((item) => {
      const category = categories.get(item.categoryCode)!;
      const fields = category.answerSchema as AnswerField[];
      const released = item.decision === "released" || item.decision === "released_partly";
      const visible = released && showAnswer(item);
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
        answer: visible && isStoredAnswer(fields, item.answer) ? item.answer : null,
        withheld: released && !visible,
        answeredAt: item.answeredAt?.toISOString() ?? null,
      };
    }),
    transitions: transitions.map((transition) => ({
      from: transition.fromStatus,
      to: transition.toStatus,
      at: transition.at.toISOString(),
      by: transition.byUser ? (people.get(transition.byUser)?.name ?? null) : null,
    })),
  };
}
