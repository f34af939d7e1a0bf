import { inArray } from "drizzle-orm";
import { consentGrants, consents } from "../../db/schema";
import type { Actor } from "./actor";
import { decide, type Action, type Decision, type PolicyActor, type PolicyConsent, type Resource } from "./policy";
import { db, type Queryable, type Transaction } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { now } from "~/lib/time.server";
import { recordAudit } from "./audit/record.server";

/**
 * THE gate (DESIGN.md): loads what the policy needs, decides, and records the decision,
 * allowed or denied, in the caller's transaction. A denial throws AccessDenied; `gated()`
 * commits the recorded denial and answers "not found", so existence does not leak.
 */
export class AccessDenied extends Error {
  constructor(readonly decision: Extract<Decision, { allowed: false }>) {
    super(`access denied: ${decision.reason}`);
    this.name = "AccessDenied";
  }
}

export function policyActorOf(actor: Actor): PolicyActor {
  return actor.kind === "client"
    ? { kind: "client", clientId: actor.clientId }
    : { kind: "staff", organizationId: actor.organizationId, organizationKind: actor.organizationKind, unitId: actor.unitId, role: actor.role };
}

/** Every consent of these cases with its grants, as the policy reads them. */
export async function loadPolicyConsents(q: Queryable, caseIds: string[]): Promise<Map<string, PolicyConsent[]>> {
  const byCase = new Map<string, PolicyConsent[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return byCase;
  const rows = await q.select().from(consents).where(inArray(consents.caseId, caseIds));
  const grants = rows.length
    ? await q.select().from(consentGrants).where(inArray(consentGrants.consentId, rows.map((row) => row.id)))
    : [];
  for (const row of rows) {
    byCase.get(row.caseId)!.push({
      id: row.id,
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      revokedAt: row.revokedAt,
      supersededAt: row.supersededAt,
      grants: grants.filter((grant) => grant.consentId === row.id),
    });
  }
  return byCase;
}

interface AuthorizeOptions {
  /** Consents already loaded for this case (list pages load them for many cases at once). */
  consents?: PolicyConsent[];
  resourceType?: string;
  resourceId?: string;
}

/** Decides and records. Returns the allowed decision (with its basis) or throws AccessDenied. */
export async function authorize(
  tx: Queryable,
  actor: Actor,
  action: Action,
  resource: Resource,
  options: AuthorizeOptions = {},
): Promise<Extract<Decision, { allowed: true }>> {
  const kase = resource.type === "client" ? undefined : resource.case;
  const consentsForCase = options.consents ?? (kase ? (await loadPolicyConsents(tx, [kase.caseId])).get(kase.caseId)! : []);
  const decision = decide(policyActorOf(actor), action, resource, consentsForCase, now());
  await recordAudit(
    actor,
    actor.facts,
    {
      action,
      outcome: decision.allowed ? "allowed" : "denied",
      reason: decision.allowed ? null : decision.reason,
      basis: decision.basis,
      clientId: kase?.clientId ?? (resource.type === "client" ? resource.clientId : undefined),
      caseId: kase?.caseId,
      category: resource.type === "case_data" ? resource.category : undefined,
      resourceType: options.resourceType ?? resource.type,
      resourceId: options.resourceId ?? kase?.caseId ?? (resource.type === "client" ? resource.clientId : undefined),
    },
    tx,
  );
  if (!decision.allowed) throw new AccessDenied(decision);
  return decision;
}

/**
 * Runs gated work in one transaction. When the gate denies, the denial (already written in
 * the transaction) is committed, and the caller gets a 404-coded DomainError.
 */
export async function gated<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  let denied = false;
  const result = await db().transaction(async (tx) => {
    try {
      return await work(tx);
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      denied = true;
      return undefined;
    }
  });
  if (denied) throw new DomainError("not_found", 404);
  return result as T;
}

/**
 * Each audit event locks its client's hash chain until the transaction ends (ADR 0009). A list
 * that records events for several clients takes those locks in one order for everyone (by
 * client id), so that two lists can never wait for each other in a circle. Runs `each` in that
 * order and returns the results in the rows' own order.
 */
export async function inChainOrder<Row, Result>(rows: readonly Row[], clientIdOf: (row: Row) => string, each: (row: Row) => Promise<Result>): Promise<Result[]> {
  const order = rows
    .map((row, index) => ({ row, index, key: clientIdOf(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const results = new Array<Result>(rows.length);
  for (const { row, index } of order) results[index] = await each(row);
  return results;
}
