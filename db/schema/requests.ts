import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, serial, text, uuid } from "drizzle-orm/pg-core";
import { cases, infoCategories } from "./cases";
import { clients } from "./clients";
import { consents } from "./consent";
import { organizations, orgUnits, users } from "./directory";
import { timestamptz } from "./columns";

export const infoRequestStatus = pgEnum("info_request_status", [
  "draft",
  "submitted",
  "in_review",
  "answered",
  "partly_answered",
  "declined",
  "withdrawn",
]);
export const infoRequestBasis = pgEnum("info_request_basis", ["consent", "legal"]);
export const infoRequestItemDecision = pgEnum("info_request_item_decision", ["released", "released_partly", "declined"]);
export const infoRequestDeclineReason = pgEnum("info_request_decline_reason", [
  "does_not_exist",
  "not_registered_here",
  "secrecy_harm",
  "consent_does_not_cover",
  "other",
]);

/** A structured request for information, from one unit to another unit's functional mailbox. */
export const infoRequests = pgTable(
  "info_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: serial("number").notNull().unique(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    requestingOrganizationId: uuid("requesting_organization_id")
      .notNull()
      .references(() => organizations.id),
    requestingUnitId: uuid("requesting_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    receivingOrganizationId: uuid("receiving_organization_id")
      .notNull()
      .references(() => organizations.id),
    receivingUnitId: uuid("receiving_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    purpose: text("purpose").notNull(),
    basis: infoRequestBasis("basis").notNull(),
    /** The consent relied on when the request was submitted (basis "consent"). */
    consentId: uuid("consent_id").references(() => consents.id),
    /** The statute relied on without consent (basis "legal"), from a fixed list, and why. */
    legalReference: text("legal_reference"),
    legalJustification: text("legal_justification"),
    desiredBy: date("desired_by", { mode: "string" }),
    status: infoRequestStatus("status").notNull().default("draft"),
    claimedBy: text("claimed_by").references(() => users.id),
    claimedAt: timestamptz("claimed_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    submittedAt: timestamptz("submitted_at"),
    answeredAt: timestamptz("answered_at"),
    /** Optimistic concurrency for drafts and answers. */
    version: integer("version").notNull().default(1),
  },
  (table) => [
    index("info_requests_case_idx").on(table.caseId),
    index("info_requests_receiving_idx").on(table.receivingUnitId, table.status),
    index("info_requests_requesting_idx").on(table.requestingUnitId),
    // The receiving unit's inbox a page at a time: the open queue by desired date (undated last),
    // when sent and id; the latest handled, newest first. Partial, with expressions and constants
    // the queries repeat (app/access/reads/requests.server.ts), so the planner picks them without
    // statistics and reads only a page.
    index("info_requests_open_queue_idx")
      .on(table.receivingUnitId, sql`coalesce(${table.desiredBy}, '9999-12-31'::date)`, table.submittedAt, table.id)
      .where(sql`${table.status} in ('submitted', 'in_review')`),
    index("info_requests_done_idx")
      .on(table.receivingUnitId, sql`coalesce(${table.answeredAt}, ${table.submittedAt})`, table.id)
      .where(sql`${table.status} in ('answered', 'partly_answered', 'declined', 'withdrawn') and ${table.submittedAt} is not null`),
  ],
);

/** One catalogue item asked for, and the receiving unit's decision and structured answer. */
export const infoRequestItems = pgTable(
  "info_request_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => infoRequests.id),
    categoryCode: text("category_code")
      .notNull()
      .references(() => infoCategories.code),
    decision: infoRequestItemDecision("decision"),
    declineReason: infoRequestDeclineReason("decline_reason"),
    declineText: text("decline_text"),
    /** Typed by the category's answer schema; validated before it is stored. */
    answer: jsonb("answer").$type<Record<string, unknown>>(),
    answeredBy: text("answered_by").references(() => users.id),
    answeredAt: timestamptz("answered_at"),
  },
  (table) => [index("info_request_items_request_idx").on(table.requestId)],
);

/** Every state transition with its time, for the history and the lead-time statistics. */
export const infoRequestTransitions = pgTable(
  "info_request_transitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => infoRequests.id),
    fromStatus: infoRequestStatus("from_status"),
    toStatus: infoRequestStatus("to_status").notNull(),
    byUser: text("by_user").references(() => users.id),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (table) => [index("info_request_transitions_request_idx").on(table.requestId, table.at)],
);

/** A PDF answering a "document" field, stored AES-256-GCM encrypted (base64 of the file). */
export const infoRequestDocuments = pgTable("info_request_documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  itemId: uuid("item_id")
    .notNull()
    .references(() => infoRequestItems.id),
  fieldKey: text("field_key").notNull(),
  filename: text("filename").notNull(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  contentEncrypted: text("content_encrypted").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

export type InfoRequest = typeof infoRequests.$inferSelect;
export type InfoRequestItem = typeof infoRequestItems.$inferSelect;
