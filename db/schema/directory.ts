import { relations } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organizationKind = pgEnum("organization_kind", [
  "municipality_social",
  "municipality_labour",
  "region_health",
  "af",
  "fk",
  "unemployment_fund",
]);

export const staffRole = pgEnum("staff_role", ["case_officer", "rehab_coordinator", "org_admin", "auditor"]);

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  kind: organizationKind("kind").notNull(),
  name: text("name").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const orgUnits = pgTable(
  "org_units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** The functional mailbox that messages and requests are addressed to, never a person. */
    mailbox: text("mailbox").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("org_units_organization_idx").on(table.organizationId)],
);

/** Staff accounts. A text primary key, as lucia's Drizzle adapter expects. */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    title: text("title").notNull(),
    role: staffRole("role").notNull(),
    active: boolean("active").notNull().default(true),
    /** argon2id; null until the user has enrolled through their enrolment link. */
    passwordHash: text("password_hash"),
    /** The TOTP secret, AES-256-GCM encrypted; null until the second factor is enrolled. */
    totpSecretEncrypted: text("totp_secret_encrypted"),
    totpEnrolledAt: timestamp("totp_enrolled_at", { withTimezone: true, mode: "date" }),
    /** The last accepted TOTP time step, so that a code cannot be used twice. */
    totpLastStep: integer("totp_last_step"),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("users_organization_idx").on(table.organizationId), index("users_unit_idx").on(table.unitId)],
);

/**
 * Further units a staff member works in, besides their own (`users.unit_id`): a rehab coordinator
 * who covers two health centres reads and writes in both functional mailboxes. Units of the
 * staff member's own organisation only (the organisation administrator sets them).
 */
export const staffUnitMemberships = pgTable(
  "staff_unit_memberships",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    addedBy: text("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.unitId] }), index("staff_unit_memberships_unit_idx").on(table.unitId)],
);

export const organizationsRelations = relations(organizations, ({ many }) => ({
  units: many(orgUnits),
  users: many(users),
}));

export const orgUnitsRelations = relations(orgUnits, ({ one, many }) => ({
  organization: one(organizations, { fields: [orgUnits.organizationId], references: [organizations.id] }),
  users: many(users),
}));

export const usersRelations = relations(users, ({ one }) => ({
  organization: one(organizations, { fields: [users.organizationId], references: [organizations.id] }),
  unit: one(orgUnits, { fields: [users.unitId], references: [orgUnits.id] }),
}));

export type Organization = typeof organizations.$inferSelect;
export type OrgUnit = typeof orgUnits.$inferSelect;
export type User = typeof users.$inferSelect;
export type OrganizationKind = (typeof organizationKind.enumValues)[number];
export type StaffRole = (typeof staffRole.enumValues)[number];
