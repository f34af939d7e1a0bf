import { and, desc, eq, ne, or } from "drizzle-orm";
import { cases, infoRequests, organizations } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { authorize, gated, loadPolicyConsents, policyActorOf } from "~/access/gate.server";
import { decide, type PolicyConsent } from "~/access/policy";
import type { Queryable } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { now } from "~/lib/time.server";
import { caseFacts } from "./cases.server";
import type { CaseRequests, CaseRequestView } from "~/lib/requests/views";
import { loadRequest, requestResource, requestView, type Loaded, type RequestView } from "./requests-shared.server";

/**
 * Reading requests on the case (the requesting organisation, and the receiving unit for those
 * addressed to it). Each released answer is a read through the gate ("request.read"), recorded
 * with its basis; an answer whose basis no longer holds is not read and shows as withheld.
 */
export type { CaseRequests, CaseRequestView } from "~/lib/requests/views";

/** Reads the request as its requesting organisation sees it: each released answer gated and recorded. */
async function requesterView(tx: Queryable, actor: StaffActor, loaded: Loaded, consents: PolicyConsent[]): Promise<RequestView> {
  await authorize(tx, actor, "request.manage", requestResource(loaded), { consents, resourceType: "info_request", resourceId: loaded.request.id });
  const readable = new Set<string>();
  for (const item of loaded.items) {
    if (item.decision !== "released" && item.decision !== "released_partly") continue;
    const resource = requestResource(loaded, item.categoryCode);
    // What may not be read any more is not read, and so not recorded (as for case sections).
    if (!decide(policyActorOf(actor), "request.read", resource, consents, now()).allowed) continue;
    await authorize(tx, actor, "request.read", resource, { consents, resourceType: "info_request_item", resourceId: item.id });
    readable.add(item.id);
  }
  return requestView(tx, loaded, (item) => readable.has(item.id));
}

/** The information requests of a case that the actor's organisation made, or that its unit received. */
export async function listRequestsForCase(actor: StaffActor, caseId: string): Promise<CaseRequests> {
  return gated(async (tx) => {
    const [kase] = /^[0-9a-f-]{36}$/i.test(caseId) ? await tx.select().from(cases).where(eq(cases.id, caseId)) : [];
    if (!kase) throw new DomainError("not_found", 404);
    const consents = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    const facts = caseFacts(kase);
    // The case page records the case view itself; a refusal is recorded here too.
    if (!decide(policyActorOf(actor), "case.view", { type: "case", case: facts }, consents, now()).allowed) {
      await authorize(tx, actor, "case.view", { type: "case", case: facts }, { consents, resourceType: "info_request_list" });
    }
    const rows = await tx
      .select({ request: infoRequests, kind: organizations.kind })
      .from(infoRequests)
      .innerJoin(organizations, eq(organizations.id, infoRequests.receivingOrganizationId))
      .where(
        and(
          eq(infoRequests.caseId, caseId),
          or(eq(infoRequests.requestingOrganizationId, actor.organizationId), and(eq(infoRequests.receivingUnitId, actor.unitId), ne(infoRequests.status, "draft"))),
        ),
      )
      .orderBy(desc(infoRequests.createdAt));
    const requests: CaseRequestView[] = [];
    for (const row of rows) {
      const loaded = await loadRequest(tx, row.request.id);
      if (row.request.requestingOrganizationId === actor.organizationId) {
        requests.push({ ...(await requesterView(tx, actor, loaded, consents)), role: "requester" });
      } else {
        await authorize(tx, actor, "request.handle", requestResource(loaded), { consents, resourceType: "info_request", resourceId: row.request.id });
        requests.push({ ...(await requestView(tx, loaded, () => true)), role: "receiver" });
      }
    }
    return { caseId, canAsk: kase.status === "open", requests };
  });
}

/** One request of the actor's organisation on this case, with the answers it may read. */
export async function getRequestForRequester(actor: StaffActor, caseId: string, requestId: string): Promise<RequestView> {
  return gated(async (tx) => {
    const loaded = await loadRequest(tx, requestId);
    if (loaded.request.caseId !== caseId) throw new DomainError("not_found", 404);
    const consents = (await loadPolicyConsents(tx, [caseId])).get(caseId)!;
    return requesterView(tx, actor, loaded, consents);
  });
}
