import { auditEvents, type NewAuditEvent } from "../../../db/schema";
import type { Actor, RequestFacts } from "~/access/actor";
import { db, type Queryable } from "~/lib/db.server";

type EventFields = Omit<NewAuditEvent, "id" | "occurredAt" | "actorType"> & { actorType?: NewAuditEvent["actorType"] };

/**
 * Appends one event to the audit trail: who (from the actor, or anonymous), the request's id
 * and address, and what happened. Pass the transaction of the work it records (`q`), so that
 * both are written or neither is.
 */
export async function recordAudit(
  actor: Actor | undefined,
  facts: RequestFacts | undefined,
  event: EventFields,
  q: Queryable = db(),
): Promise<void> {
  const details = facts?.clientIp || event.details ? { ...(facts?.clientIp ? { ip: facts.clientIp } : {}), ...event.details } : undefined;
  await q.insert(auditEvents).values({ ...actorColumns(actor), requestId: facts?.requestId, ...event, details });
}

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
