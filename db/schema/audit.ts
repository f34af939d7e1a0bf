import { bigint, bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const actorType = pgEnum("actor_type", ["staff", "client", "system", "anonymous"]);
export const auditOutcome = pgEnum("audit_outcome", ["success", "failure", "allowed", "denied"]);

/**
 * The append-only trail: a trigger refuses UPDATE and DELETE (see the migrations). Columns
 * say who (actor, organisation, unit, role), on whose behalf (client, case), what (action,
 * resource, category), why (basis) and how it ended (outcome, reason), with the request id.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorType: actorType("actor_type").notNull(),
    actorUserId: text("actor_user_id"),
    actorClientId: uuid("actor_client_id"),
    organizationId: uuid("organization_id"),
    unitId: uuid("unit_id"),
    role: text("role"),
    action: text("action").notNull(),
    outcome: auditOutcome("outcome").notNull(),
    reason: text("reason"),
    clientId: uuid("client_id"),
    caseId: uuid("case_id"),
    resourceType: text("resource_type"),
    resourceId: text("resource_id"),
    category: text("category"),
    basis: text("basis"),
    requestId: text("request_id"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    /**
     * Tamper evidence, filled by the database on insert (trigger audit_events_chain): one hash
     * chain per client (or per acting user when no client is involved), see ADR 0009.
     */
    chainKey: text("chain_key"),
    chainSeq: bigint("chain_seq", { mode: "number" }),
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (table) => [
    index("audit_events_occurred_idx").on(table.occurredAt),
    index("audit_events_actor_idx").on(table.actorUserId, table.occurredAt),
    index("audit_events_client_idx").on(table.clientId, table.occurredAt),
    index("audit_events_org_idx").on(table.organizationId, table.occurredAt),
    // The events of one HTTP request: the client's log shows them as one look (ADR 0012), and
    // the reference on an error page leads an operator to them.
    index("audit_events_request_idx").on(table.requestId),
    uniqueIndex("audit_events_chain_idx").on(table.chainKey, table.chainSeq),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
