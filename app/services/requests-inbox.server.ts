import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { cases, clients, infoCategories, infoRequestItems, infoRequests, organizations, orgUnits, users } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { authorize, gated, inChainOrder, loadPolicyConsents, policyActorOf } from "~/access/gate.server";
import { mayShowIdentity } from "~/access/policy";
import { decrypt } from "~/lib/crypto.server";
import { DomainError } from "~/lib/errors";
import { formatPersonnummer } from "~/lib/personnummer";
import { isOverdue, nextStatus, openStatuses, refusalCode, type RequestStatus } from "~/lib/requests/states";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";
import { caseFacts, caseReference } from "./cases.server";
import { loadRequest, recordTransition, infoRequestFactsOf, requestReference, requestResource, requestView, todayIso, type RequestView, type Text } from "./requests-shared.server";

/**
 * The receiving unit's inbox: the queue of requests addressed to its functional mailbox, and
 * claiming one so that two officers do not answer the same request. Only the unit's officers pass
 * the gate ("request.handle"); every request shown is recorded with the request's basis.
 * Answering is in requests-answer.server.ts.
 */
export interface InboxRow {
  id: string;
  reference: string;
  caseReference: string;
  /** Null for a protected identity: the name is shown only on the request itself. */
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

/** Open requests first, by desired date (undated last); then the latest answered or withdrawn. */
export async function listInbox(actor: StaffActor): Promise<{ unit: { name: string; mailbox: string }; open: InboxRow[]; done: InboxRow[] }> {
  // Only officers have an inbox; administrators and auditors see no client data by their role.
  if (actor.role !== "case_officer" && actor.role !== "rehab_coordinator") throw new DomainError("not_found", 404);
  return gated(async (tx) => {
    const [unit] = await tx.select({ name: orgUnits.name, mailbox: orgUnits.mailbox }).from(orgUnits).where(eq(orgUnits.id, actor.unitId));
    const rows = await tx
      .select({ request: infoRequests, kase: cases, client: clients, unit: orgUnits.name, organization: organizations.name, claimer: users.name })
      .from(infoRequests)
      .innerJoin(cases, eq(cases.id, infoRequests.caseId))
      .innerJoin(clients, eq(clients.id, infoRequests.clientId))
      .innerJoin(orgUnits, eq(orgUnits.id, infoRequests.requestingUnitId))
      .innerJoin(organizations, eq(organizations.id, infoRequests.requestingOrganizationId))
      .leftJoin(users, eq(users.id, infoRequests.claimedBy))
      .where(and(eq(infoRequests.receivingUnitId, actor.unitId), ne(infoRequests.status, "draft")))
      .orderBy(asc(infoRequests.desiredBy), asc(infoRequests.submittedAt));
    const [own] = await tx.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, actor.organizationId));
    const requestItems = rows.length
      ? await tx.select().from(infoRequestItems).where(inArray(infoRequestItems.requestId, rows.map((row) => row.request.id)))
      : [];
    const itemsByRequest = new Map<string, Text[]>();
    const categories = new Map((await tx.select().from(infoCategories)).map((row) => [row.code, { sv: row.nameSv, en: row.nameEn }]));
    for (const item of requestItems) itemsByRequest.set(item.requestId, [...(itemsByRequest.get(item.requestId) ?? []), categories.get(item.categoryCode)!]);
    const consentsByCase = await loadPolicyConsents(tx, [...new Set(rows.map((row) => row.kase.id))]);
    const today = todayIso();
    const result = await inChainOrder(rows, (row) => row.kase.clientId, async (row): Promise<InboxRow> => {
      const facts = infoRequestFactsOf(row.request, own!.kind);
      await authorize(tx, actor, "request.handle", requestResource({ kase: row.kase, facts }), {
        consents: consentsByCase.get(row.kase.id),
        resourceType: "request_list_item",
        resourceId: row.request.id,
      });
      return {
        id: row.request.id,
        reference: requestReference(row.request.number),
        caseReference: caseReference(row.kase.number),
        clientName: row.client.protectedIdentity ? null : `${row.client.givenName} ${row.client.familyName}`,
        requester: { unit: row.unit, organization: row.organization },
        items: itemsByRequest.get(row.request.id) ?? [],
        status: row.request.status,
        legal: row.request.basis === "legal",
        desiredBy: row.request.desiredBy,
        overdue: isOverdue(row.request.status, row.request.desiredBy, today),
        submittedAt: row.request.submittedAt?.toISOString() ?? null,
        answeredAt: row.request.answeredAt?.toISOString() ?? null,
        claimedBy: row.claimer,
      };
    });
    const open = result.filter((row) => openStatuses.includes(row.status));
    const done = result
      .filter((row) => !openStatuses.includes(row.status))
      .sort((a, b) => (b.answeredAt ?? b.submittedAt ?? "").localeCompare(a.answeredAt ?? a.submittedAt ?? ""))
      .slice(0, 20);
    return { unit: unit!, open, done };
  });
}

export type InboxRequest = RequestView & {
  /**
   * The receiving unit finds the person in its own records by name and number; for a protected
   * identity both are null, as everywhere outside the case's lead unit.
   */
  client: { name: string | null; personnummer: string | null; protectedIdentity: boolean };
  claimedByMe: boolean;
};

/** One request addressed to the actor's unit, with the person it is about; each item's handling recorded. */
export async function getInboxRequest(actor: StaffActor, requestId: string): Promise<InboxRequest> {
  return gated(async (tx) => {
    const loaded = await loadRequest(tx, requestId);
    if (loaded.request.status === "draft") throw new DomainError("not_found", 404);
    const consents = (await loadPolicyConsents(tx, [loaded.kase.id])).get(loaded.kase.id)!;
    await authorize(tx, actor, "request.handle", requestResource(loaded), { consents, resourceType: "info_request", resourceId: requestId });
    for (const item of loaded.items) {
      await authorize(tx, actor, "request.handle", requestResource(loaded, item.categoryCode), { consents, resourceType: "info_request_item", resourceId: item.id });
    }
    const [client] = await tx.select().from(clients).where(eq(clients.id, loaded.request.clientId));
    const shown = !client!.protectedIdentity || mayShowIdentity(policyActorOf(actor), caseFacts(loaded.kase));
    return {
      ...(await requestView(tx, loaded, () => true)),
      client: {
        name: shown ? `${client!.givenName} ${client!.familyName}` : null,
        personnummer: shown ? formatPersonnummer(decrypt(client!.personnummerEncrypted)) : null,
        protectedIdentity: client!.protectedIdentity,
      },
      claimedByMe: loaded.request.claimedBy === actor.userId,
    };
  });
}

/** Takes the request: the first officer gets it, a second one is told who has it. Atomic under the row lock. */
export async function claimRequest(actor: StaffActor, requestId: string): Promise<void> {
  await gated(async (tx) => {
    const loaded = await loadRequest(tx, requestId, { lock: true });
    await authorize(tx, actor, "request.handle", requestResource(loaded), { resourceType: "info_request", resourceId: requestId });
    const { request } = loaded;
    if (request.status === "in_review" && request.claimedBy === actor.userId) return;
    const next = nextStatus(request.status, "claim");
    if (!next) throw new DomainError(refusalCode(request.status, "claim"), 409);
    await tx.update(infoRequests).set({ status: next, claimedBy: actor.userId, claimedAt: now(), version: request.version + 1 }).where(eq(infoRequests.id, request.id));
    await recordTransition(tx, request.id, request.status, next, actor.userId);
    await recordAudit(actor, actor.http, { action: "request.claim", outcome: "success", clientId: request.clientId, caseId: request.caseId, resourceType: "info_request", resourceId: request.id }, tx);
  });
}

/** Puts the request back in the unit's queue (any officer of the unit, so that work survives absences). */
export async function unclaimRequest(actor: StaffActor, requestId: string): Promise<void> {
  await gated(async (tx) => {
    const loaded = await loadRequest(tx, requestId, { lock: true });
    await authorize(tx, actor, "request.handle", requestResource(loaded), { resourceType: "info_request", resourceId: requestId });
    const { request } = loaded;
    const next = nextStatus(request.status, "unclaim");
    if (!next) throw new DomainError(refusalCode(request.status, "unclaim"), 409);
    await tx.update(infoRequests).set({ status: next, claimedBy: null, claimedAt: null, version: request.version + 1 }).where(eq(infoRequests.id, request.id));
    await recordTransition(tx, request.id, request.status, next, actor.userId);
    await recordAudit(actor, actor.http, { action: "request.unclaim", outcome: "success", clientId: request.clientId, caseId: request.caseId, resourceType: "info_request", resourceId: request.id, details: { claimedBy: request.claimedBy } }, tx);
  });
}
