import { relations, sql, type SQL } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, serial, text, unique, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { organizationKind, organizations, orgUnits, users } from "./directory";
import { timestamptz } from "./columns";

/** The information catalogue: what an organisation may disclose, with a typed answer schema. */
export const infoCategories = pgTable("info_categories", {
  code: text("code").primaryKey(),
  ownerKind: organizationKind("owner_kind").notNull(),
  nameSv: text("name_sv").notNull(),
  nameEn: text("name_en").notNull(),
  helpSv: text("help_sv").notNull(),
  helpEn: text("help_en").notNull(),
  plainSv: text("plain_sv").notNull(),
  plainEn: text("plain_en").notNull(),
  answerSchema: jsonb("answer_schema").notNull(),
});

export const caseStatus = pgEnum("case_status", ["open", "closed"]);

/** A collaboration case about one client, led by the unit that opened it. Closed, never deleted. */
export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: serial("number").notNull().unique(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    leadOrganizationId: uuid("lead_organization_id")
      .notNull()
      .references(() => organizations.id),
    leadUnitId: uuid("lead_unit_id")
      .notNull()
      .references(() => orgUnits.id),
    status: caseStatus("status").notNull().default("open"),
    openedBy: text("opened_by")
      .notNull()
      .references(() => users.id),
    openedAt: timestamptz("opened_at").notNull().defaultNow(),
    closedBy: text("closed_by").references(() => users.id),
    closedAt: timestamptz("closed_at"),
  },
  // The case list of the lead organisation, newest first, read backwards a page at a time (keyset).
  (table) => [index("cases_client_idx").on(table.clientId), index("cases_lead_org_idx").on(table.leadOrganizationId, table.openedAt, table.id)],
);

/** The value a new participation copies into `case_opened_at`: its case's opened_at, read in the same statement. */
export const openedAtOfCase = (caseId: string | SQL) => sql<Date>`(select ${cases.openedAt} from ${cases} where ${cases.id} = ${caseId})`;

/** Units named on a case. They see it only while the client's consent names their organisation. */
export const caseParticipants = pgTable(
  "case_participants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    addedBy: text("added_by").references(() => users.id),
    addedAt: timestamptz("added_at").notNull().defaultNow(),
    /**
     * The case's opened_at, copied when the unit is added (a case's opening never changes), so
     * that an organisation's case list can walk its participations newest first through an index
     * instead of sorting every case it takes part in (ADR 0025).
     */
    caseOpenedAt: timestamptz("case_opened_at").notNull(),
  },
  (table) => [
    unique("case_participants_case_unit").on(table.caseId, table.unitId),
    index("case_participants_org_idx").on(table.organizationId, table.caseOpenedAt, table.caseId),
  ],
);

/** A piece of information an organisation records on a case, under one of its own categories. */
export const caseEntries = pgTable(
  "case_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    categoryCode: text("category_code")
      .notNull()
      .references(() => infoCategories.code),
    text: text("text").notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamptz("recorded_at").notNull().defaultNow(),
  },
  (table) => [index("case_entries_case_idx").on(table.caseId)],
);

export const casesRelations = relations(cases, ({ one, many }) => ({
  client: one(clients, { fields: [cases.clientId], references: [clients.id] }),
  leadUnit: one(orgUnits, { fields: [cases.leadUnitId], references: [orgUnits.id] }),
  participants: many(caseParticipants),
}));

export const caseParticipantsRelations = relations(caseParticipants, ({ one }) => ({
  case: one(cases, { fields: [caseParticipants.caseId], references: [cases.id] }),
}));

export type Case = typeof cases.$inferSelect;
export type InfoCategory = typeof infoCategories.$inferSelect;
