import type { StaffActor } from "~/access/actor";
import type { Reader } from "~/access/gate.server";
import { readCase } from "~/access/reads/cases.server";
import { readAnswers, readCaseRequests, readRequest } from "~/access/reads/requests.server";
import { caseRequestSummaries, requestView } from "./view.server";
import type { CaseRequests, RequestView } from "./views";

/**
 * Requests on the case page: those the actor's organisation made, and those the actor's unit
 * received. Each released answer is a read through the gate ("request.read"), recorded with its
 * basis; an answer whose basis no longer holds is not shown, and recorded as withheld.
 */
export type { CaseRequests, CaseRequestSummary } from "./views";

/** The case's requests as the actor sees them, newest first (404 when the actor may not see the case). */
export async function listRequestsForCase(reader: Reader<StaffActor>, caseId: string): Promise<CaseRequests> {
  const kase = await readCase(reader, caseId);
  const found = await readCaseRequests(reader, kase);
  const requests = await caseRequestSummaries(reader, found.map(({ scope, readable, role }) => ({ scope, role, visible: (item) => readable.has(item.id) })));
  return { caseId, canAsk: kase.row.status === "open", requests };
}

/** One request of the actor's organisation on this case, with the answers it may read (404 otherwise). */
export async function getRequestForRequester(reader: Reader<StaffActor>, caseId: string, requestId: string): Promise<RequestView> {
  const scope = await readRequest(reader, requestId, { action: "request.manage", caseId });
  const readable = await readAnswers(reader, scope);
  return requestView(reader, scope, (item) => readable.has(item.id));
}
