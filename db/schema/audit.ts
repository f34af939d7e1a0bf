import { bigint, bigserial, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const actorType = pgEnum("actor_type", ["staff", "client", "system", "anonymous"]);
/**
 * allowed: something was shown; denied: what the actor asked for was refused (answered 404);
 * withheld: the gate hid a part the actor did not ask for by name (a section, a line of a list);
 * success / failure: a change or a sign-in.
 */
export const auditOutcome = pgEnum("audit_outcome", ["success", "failure", "allowed", "denied", "withheld"]);

/**
 * One decision or change inside an event: what was read or written, on what basis, and how it
 * ended. Stored compactly: a field without a value is left out (readers treat it as null).
 */
export interface AuditRead {
  action: string;
  outcome: "allowed" | "denied" | "withheld" | "success";
  resourceType: string;
  resourceId?: string | null;
  caseId?: string | null;
  category?: string | null;
  basis?: string | null;
  reason?: string | null;
}

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
     * Everything one look (one gated request) decided about this client: each resource read or
     * withheld, its category and basis (docs/architecture.md, "One event per look").
     */
    reads: jsonb("reads").$type<AuditRead[]>(),
  },
  // Only the indexes the pages need (the client's log, the auditor's search, an officer's
  // history): every index is work on the read path, which writes an event per look (ADR 0015).
  (table) => [
    index("audit_events_actor_idx").on(table.actorUserId, table.occurredAt),
    index("audit_events_client_idx").on(table.clientId, table.occurredAt),
    // The auditor's search, a page at a time: newest first by time and id (keyset), read backwards.
    index("audit_events_org_idx").on(table.organizationId, table.occurredAt, table.id),
    // The auditor's flagged officers (refused looks per officer and day): only refused staff looks
    // are entries, so a look that is let through (nearly all) writes nothing here, and the count
    // reads a few thousand entries instead of the organisation's whole trail.
    index("audit_events_denied_idx")
      .on(table.organizationId, table.occurredAt, table.actorUserId)
      .where(sql`${table.outcome} = 'denied' and ${table.actorType} = 'staff'`),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

/** Raw bytes: postgres.js reads them as a Buffer, PGlite as a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Seals (ADR 0014): each covers the ids after the previous seal, in id order, links them into a
 * hash chain rooted in the previous seal's root, and is signed (Ed25519) with a key the database
 * never holds. Written only by the sealing job (app/access/audit/seal.server.ts); append-only like
 * the events.
 */
export const auditSeals = pgTable("audit_seals", {
  /** 1, 2, 3, … without gaps. */
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  /** The ids [first_id, last_id] this seal covers: the previous seal's last_id + 1 onwards. */
  firstId: bigint("first_id", { mode: "number" }).notNull(),
  lastId: bigint("last_id", { mode: "number" }).notNull(),
  /** Ids inside [first_id, last_id] that held no event when sealed (rolled-back inserts), ascending. */
  absentIds: bigint("absent_ids", { mode: "number" }).array().notNull(),
  eventCount: integer("event_count").notNull(),
  /**
   * The SHA-256 digest of each sealed event (32 bytes each, in id order). The root covers them, so
   * they cannot be altered unseen; they let the verifier name the event that changed.
   */
  eventDigests: bytea("event_digests").notNull(),
  /** Hex SHA-256: the previous seal's root (64 zeros for seal 1), and this seal's. */
  prevRoot: text("prev_root").notNull(),
  root: text("root").notNull(),
  sealedAt: timestamp("sealed_at", { withTimezone: true, mode: "date" }).notNull(),
  /** Which signing key: 16 hex digits of the SHA-256 of its public key (SPKI DER). */
  keyId: text("key_id").notNull(),
  /** Ed25519 signature of the seal's canonical text (app/access/audit/digest.ts), base64. */
  signature: text("signature").notNull(),
});

export type AuditSeal = typeof auditSeals.$inferSelect;
