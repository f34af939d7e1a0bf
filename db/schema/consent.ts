import { index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { cases, infoCategories } from "./cases";
import { clients } from "./clients";
import { organizations, orgUnits, users } from "./directory";
import { timestamptz } from "./columns";

export const consentRequestStatus = pgEnum("consent_request_status", ["pending", "accepted", "declined", "withdrawn"]);
export const consentMethod = pgEnum("consent_method", ["eid_signed", "recorded_oral", "recorded_paper"]);

/** An officer's question to the client: may these organisations share these categories? */
export const consentRequests = pgTable(
  "consent_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    requestedBy: text("requested_by")
      .notNull()
      .references(() => users.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    purpose: text("purpose").notNull(),
    validUntil: timestamptz("valid_until").notNull(),
    status: consentRequestStatus("status").notNull().default("pending"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    answeredAt: timestamptz("answered_at"),
  },
  (table) => [index("consent_requests_client_idx").on(table.clientId), index("consent_requests_case_idx").on(table.caseId)],
);

/** One line of a request: "discloser may give category to recipient". */
export const consentRequestLines = pgTable(
  "consent_request_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => consentRequests.id),
    discloserOrganizationId: uuid("discloser_organization_id")
      .notNull()
      .references(() => organizations.id),
    recipientOrganizationId: uuid("recipient_organization_id")
      .notNull()
      .references(() => organizations.id),
    categoryCode: text("category_code")
      .notNull()
      .references(() => infoCategories.code),
  },
  (table) => [index("consent_request_lines_request_idx").on(table.requestId)],
);

/** A client's choice of lines, waiting for the e-ID signature that makes it a consent. */
export const consentSignings = pgTable("consent_signings", {
  id: uuid("id").primaryKey().defaultRandom(),
  requestId: uuid("request_id")
    .notNull()
    .references(() => consentRequests.id),
  clientId: uuid("client_id")
    .notNull()
    .references(() => clients.id),
  lineIds: jsonb("line_ids").$type<string[]>().notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  completedAt: timestamptz("completed_at"),
});

/**
 * A consent, never edited: a change is a new version (same lineage) that supersedes the old.
 * Validity is decided at read time from valid_from/valid_until, revoked_at and superseded_at.
 */
export const consents = pgTable(
  "consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lineageId: uuid("lineage_id").notNull(),
    version: integer("version").notNull(),
    supersedesId: uuid("supersedes_id"),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    requestId: uuid("request_id").references(() => consentRequests.id),
    purpose: text("purpose").notNull(),
    method: consentMethod("method").notNull(),
    /** When the client gave it: the e-ID signing time, or the date the officer records. */
    givenAt: timestamptz("given_at").notNull(),
    validFrom: timestamptz("valid_from").notNull(),
    validUntil: timestamptz("valid_until").notNull(),
    idTokenRef: text("id_token_ref"),
    recordedBy: text("recorded_by").references(() => users.id),
    recordedWhere: text("recorded_where"),
    recordedInformation: text("recorded_information"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    supersededAt: timestamptz("superseded_at"),
    revokedAt: timestamptz("revoked_at"),
    revokedByClientId: uuid("revoked_by_client_id"),
    revokedByUserId: text("revoked_by_user_id"),
  },
  (table) => [index("consents_case_idx").on(table.caseId), index("consents_client_idx").on(table.clientId)],
);

export const consentGrants = pgTable(
  "consent_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    consentId: uuid("consent_id")
      .notNull()
      .references(() => consents.id),
    discloserOrganizationId: uuid("discloser_organization_id")
      .notNull()
      .references(() => organizations.id),
    recipientOrganizationId: uuid("recipient_organization_id")
      .notNull()
      .references(() => organizations.id),
    categoryCode: text("category_code")
      .notNull()
      .references(() => infoCategories.code),
    /** Set on the superseded version when this grant was the one revoked. */
    revokedAt: timestamptz("revoked_at"),
  },
  (table) => [index("consent_grants_consent_idx").on(table.consentId)],
);

/**
 * In-app notices to a unit's functional mailbox or to a client. `kind` names the text; the case
 * and subject link to what it is about, only where the recipient may see it ("a consent was
 * withdrawn" carries neither).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id").references(() => orgUnits.id),
    clientId: uuid("client_id").references(() => clients.id),
    kind: text("kind").notNull(),
    caseId: uuid("case_id").references(() => cases.id),
    subjectId: uuid("subject_id"),
    /** Makes a notice idempotent (e.g. one reminder per activity and follow-up date). */
    dedupeKey: text("dedupe_key").unique(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    readAt: timestamptz("read_at"),
  },
  // A page of a mailbox's notices, newest first (created at, then id: keyset paging), read backwards
  // from the index and stopped after the page.
  (table) => [index("notifications_unit_idx").on(table.unitId, table.createdAt, table.id), index("notifications_client_idx").on(table.clientId, table.createdAt, table.id)],
);

export type Consent = typeof consents.$inferSelect;
export type ConsentGrant = typeof consentGrants.$inferSelect;
