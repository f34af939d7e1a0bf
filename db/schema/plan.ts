import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { cases, infoCategories } from "./cases";
import { clients } from "./clients";
import { organizations, orgUnits, users } from "./directory";
import { timestamptz } from "./columns";

export const goalStatus = pgEnum("plan_goal_status", ["active", "achieved", "paused", "cancelled"]);
export const activityStatus = pgEnum("plan_activity_status", ["planned", "ongoing", "paused", "done", "cancelled"]);
export const activityProposal = pgEnum("plan_activity_proposal", ["accepted", "proposed", "declined"]);

/** The usual kinds of activity (kartläggning, coachning, …), seeded as reference data. */
export const activityTypes = pgTable("plan_activity_types", {
  code: text("code").primaryKey(),
  nameSv: text("name_sv").notNull(),
  nameEn: text("name_en").notNull(),
  sort: integer("sort").notNull(),
});

/** A goal of the shared plan; the lead unit edits it, the client may comment. */
export const planGoals = pgTable(
  "plan_goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    text: text("text").notNull(),
    clientWords: text("client_words"),
    targetDate: date("target_date", { mode: "string" }),
    status: goalStatus("status").notNull().default("active"),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (table) => [index("plan_goals_case_idx").on(table.caseId)],
);

export const planGoalComments = pgTable("plan_goal_comments", {
  id: uuid("id").primaryKey().defaultRandom(),
  goalId: uuid("goal_id")
    .notNull()
    .references(() => planGoals.id),
  clientId: uuid("client_id")
    .notNull()
    .references(() => clients.id),
  text: text("text").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

/**
 * An activity of the shared plan, owned by its responsible organisation and carrying one of that
 * organisation's information categories: others see it only as far as consent allows.
 */
export const planActivities = pgTable(
  "plan_activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    goalId: uuid("goal_id").references(() => planGoals.id),
    title: text("title").notNull(),
    typeCode: text("type_code")
      .notNull()
      .references(() => activityTypes.code),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    assigneeId: text("assignee_id").references(() => users.id),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    /** Share of full time, 0–100. */
    extent: integer("extent").notNull(),
    status: activityStatus("status").notNull().default("planned"),
    followUpDate: date("follow_up_date", { mode: "string" }),
    note: text("note"),
    categoryCode: text("category_code")
      .notNull()
      .references(() => infoCategories.code),
    /** "proposed" by another organisation until the responsible one accepts or declines it. */
    proposal: activityProposal("proposal").notNull().default("accepted"),
    proposedByOrganizationId: uuid("proposed_by_organization_id").references(() => organizations.id),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (table) => [
    index("plan_activities_case_idx").on(table.caseId),
    index("plan_activities_follow_up_idx").on(table.followUpDate),
    // "Mina uppföljningar" a page at a time: a unit's, and an officer's, live follow-ups by date and
    // id. Partial, with constants the query repeats (liveFollowUp), so that closed activities are
    // never read and the planner picks the index without statistics.
    index("plan_activities_follow_up_unit_idx")
      .on(table.unitId, table.followUpDate, table.id)
      .where(sql`${table.proposal} = 'accepted' and ${table.followUpDate} is not null and ${table.status} not in ('done', 'cancelled')`),
    index("plan_activities_follow_up_assignee_idx")
      .on(table.assigneeId, table.followUpDate, table.id)
      .where(sql`${table.proposal} = 'accepted' and ${table.followUpDate} is not null and ${table.status} not in ('done', 'cancelled')`),
  ],
);

/** Who changed what in the plan, when: the item before and after, per change. */
export const planHistory = pgTable(
  "plan_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    itemType: text("item_type").notNull(),
    itemId: uuid("item_id").notNull(),
    changedByUserId: text("changed_by_user_id").references(() => users.id),
    changedByClientId: uuid("changed_by_client_id").references(() => clients.id),
    change: text("change").notNull(),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    changedAt: timestamptz("changed_at").notNull().defaultNow(),
  },
  (table) => [index("plan_history_item_idx").on(table.itemId, table.changedAt), index("plan_history_case_idx").on(table.caseId, table.changedAt)],
);

export type PlanGoal = typeof planGoals.$inferSelect;
export type PlanActivity = typeof planActivities.$inferSelect;
