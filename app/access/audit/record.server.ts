import { auditEvents, type AuditRead, type NewAuditEvent } from "../../../db/schema";
import type { Actor, HttpFacts } from "~/access/actor";
import { db, type Queryable } from "~/lib/db.server";

/**
 * The audit writer (docs/architecture.md, "The audit trail"): plain appends, no lock, so no
 * reader ever waits for another. Tamper evidence comes later, from the sealing job (ADR 0014).
 */
type EventFields = Omit<NewAuditEvent, "id" | "occurredAt" | "actorType"> & { actorType?: NewAuditEvent["actorType"] };

/**
 * Appends one event to the audit trail: who (from the actor, or anonymous), the request's id
 * and address, and what happened. Pass the transaction of the work it records (`q`), so that
 * both are written or neither is. For sign-ins, administration and jobs; reads of client data
 * are recorded by the gate's reader as looks (`recordLooks`).
 */
export async function recordAudit(
  actor: Actor | undefined,
  facts: HttpFacts | undefined,
  event: EventFields,
  q: Queryable = db(),
): Promise<void> {
  await q.insert(auditEvents).values({ ...actorColumns(actor), requestId: facts?.requestId, ...event, details: withIp(facts, event.details) });
}

/** One client's part of one look: its name and outcome, and every decision and change in `reads`. */
export interface LookEvent {
  clientId: string | null;
  action: string;
  outcome: "allowed" | "denied" | "withheld" | "success";
  reason: string | null;
  caseId: string | null;
  resourceType: string;
  resourceId: string | null;
  category: string | null;
  basis: string | null;
  details: Record<string, unknown> | undefined;
  reads: AuditRead[];
}

/** Appends a look's events (one per client) in one statement, in the caller's transaction. */
export async function recordLooks(actor: Actor, looks: LookEvent[], q: Queryable): Promise<void> {
  if (looks.length === 0) return;
  await q.insert(auditEvents).values(
    looks.map(({ details, ...look }) => ({ ...actorColumns(actor), requestId: actor.http.requestId, ...look, details: withIp(actor.http, details) })),
  );
}

const withIp = (facts: HttpFacts | undefined, details: Record<string, unknown> | null | undefined) =>
  facts?.clientIp || details ? { ...(facts?.clientIp ? { ip: facts.clientIp } : {}), ...details } : undefined;

function actorColumns(actor: Actor | undefined): Pick<NewAuditEvent, "actorType"> & Partial<NewAuditEvent> {
  if (!actor) return { actorType: "anonymous" };
  if (actor.kind === "client") return { actorType: "client", actorClientId: actor.clientId, clientId: actor.clientId };
  return {
    actorType: "staff",
    actorUserId: actor.userId,
    organizationId: actor.organizationId,
    unitId: actor.unitId,
    role: actor.role,
  };
}
