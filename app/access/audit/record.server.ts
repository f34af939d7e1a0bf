import { auditEvents, type AuditRead, type NewAuditEvent } from "../../../db/schema";
import type { Actor, HttpFacts } from "~/access/actor";
import { db, sendStatement, type Queryable } from "~/lib/db.server";

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

/**
 * The statement that appends a look's events (one per client): who looked as $1–$7, the events as
 * one jsonb parameter ($8) unpacked by `jsonb_to_recordset`. Its text is the same for any number
 * of events, so PostgreSQL prepares it once per connection, and building it costs nothing per
 * event (a 50-line case list through the query builder spent more time building its 900
 * parameters than reading the cases; ADR 0025).
 */
const lookInsert = `
  insert into audit_events (actor_type, actor_user_id, actor_client_id, organization_id, unit_id, role, request_id,
    action, outcome, reason, client_id, case_id, resource_type, resource_id, category, basis, details, reads)
  select $1::actor_type, $2::text, $3::uuid, $4::uuid, $5::uuid, $6::text, $7::text,
    action, outcome, reason, client_id, case_id, resource_type, resource_id, category, basis, details, reads
  from jsonb_to_recordset($8::jsonb) as look(action text, outcome audit_outcome, reason text, client_id uuid,
    case_id uuid, resource_type text, resource_id text, category text, basis text, details jsonb, reads jsonb)`;

function lookParams(actor: Actor, looks: LookEvent[]): unknown[] {
  const who = actorColumns(actor);
  const rows = looks.map(({ details, reads, clientId, caseId, resourceType, resourceId, ...look }) => ({
    ...look,
    client_id: clientId,
    case_id: caseId,
    resource_type: resourceType,
    resource_id: resourceId,
    details: withIp(actor.http, details) ?? null,
    reads,
  }));
  // Who looked is the same for every event of a look: sent once, beside the events.
  return [who.actorType, who.actorUserId ?? null, who.actorClientId ?? null, who.organizationId ?? null, who.unitId ?? null, who.role ?? null, actor.http?.requestId ?? null, JSON.stringify(rows)];
}

/**
 * Appends a look's events in one statement, in the caller's transaction `q`, and waits for it.
 * Throws the database's error (the transaction is then aborted).
 */
export async function recordLooks(actor: Actor, looks: LookEvent[], q: Queryable): Promise<void> {
  await sendLooks(actor, looks, q).answer;
}

/**
 * Hands a look's events to the transaction `q` now and does not wait: `queued` says whether the
 * driver has already put the statement on the transaction's connection, so that the COMMIT the
 * gate sends next goes out behind it in the same round trip (postgres.js). When not (PGlite), the
 * caller must await `answer` before the transaction ends. Either way the caller awaits `answer`
 * after the commit: if the insert failed, PostgreSQL aborted the transaction and answered its
 * COMMIT with a rollback, and `answer` rejects with the insert's error (ADR 0026).
 */
export function sendLooks(actor: Actor, looks: LookEvent[], q: Queryable): { answer: Promise<unknown>; queued: boolean } {
  if (looks.length === 0) return { answer: Promise.resolve(), queued: true };
  return sendStatement(q, lookInsert, lookParams(actor, looks));
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
