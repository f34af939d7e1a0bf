import { z } from "zod";
import { isIsoDate } from "~/lib/calendar";

/**
 * The plan's forms, shared by the page and the action (docs/architecture.md, "A route"). Error
 * messages are i18n keys: "plan.<key>" is `plan:errors.<key>`, anything else `errors.codes.<code>`
 * (usePlanErrorText in app/components/plan/form-failure.ts).
 */
/** A calendar date that exists, written YYYY-MM-DD (so 2027-02-31 and 0000-00-00 are refused here, not by the database). */
const isoDate = z.string().refine(isIsoDate, "plan.date_invalid");
const optionalDate = isoDate.optional().or(z.literal("")).transform((value) => value || null);
const optionalText = z.string().trim().max(1000, "plan.text_too_long").optional().transform((value) => value || null);
/** The version of the item the editor saw (optimistic concurrency). */
const version = z.coerce.number({ message: "form.invalid_value" }).int("form.invalid_value").positive("form.invalid_value");

export const goalSchema = z.object({
  text: z.string({ required_error: "plan.goal_text_required" }).trim().min(1, "plan.goal_text_required").max(1000, "plan.text_too_long"),
  clientWords: optionalText,
  targetDate: optionalDate,
  status: z.enum(["active", "achieved", "paused", "cancelled"]).default("active"),
});

/** Editing a goal: what the editor typed and the version they started from. */
export const goalEditSchema = goalSchema.extend({ version });

const activityFields = z.object({
  title: z.string({ required_error: "plan.title_required" }).trim().min(1, "plan.title_required").max(200, "plan.text_too_long"),
  typeCode: z.string({ required_error: "plan.type_required" }).min(1, "plan.type_required").max(100, "plan.type_required"),
  goalId: z.string().uuid("form.invalid_value").optional().or(z.literal("")).transform((value) => value || null),
  organizationId: z.string({ required_error: "plan.organization_required" }).uuid("plan.organization_required"),
  unitId: z.string({ required_error: "plan.unit_required" }).uuid("plan.unit_required"),
  assigneeId: z.string().max(100, "plan.assignee_invalid").optional().or(z.literal("")).transform((value) => value || null),
  startDate: isoDate,
  endDate: isoDate,
  extent: z.coerce.number({ message: "plan.extent_invalid" }).int("plan.extent_invalid").min(0, "plan.extent_invalid").max(100, "plan.extent_invalid"),
  status: z.enum(["planned", "ongoing", "paused", "done", "cancelled"]).default("planned"),
  followUpDate: optionalDate,
  note: optionalText,
  categoryCode: z.string({ required_error: "plan.category_required" }).min(1, "plan.category_required").max(100, "plan.category_required"),
});

const endsAfterStart = <T extends { startDate: string; endDate: string }>(value: T) => value.endDate >= value.startDate;
const endError = { message: "plan.end_before_start", path: ["endDate"] };

export const activitySchema = activityFields.refine(endsAfterStart, endError);

/** Editing an activity: what the editor typed and the version they started from. */
export const activityEditSchema = activityFields.extend({ version }).refine(endsAfterStart, endError);

/** The responsible organisation accepts or declines a proposed activity. */
export const proposalDecisionSchema = z.object({
  activityId: z.string().uuid("form.invalid_value"),
  intent: z.enum(["accept", "decline"]),
});

/** The client's own words on a goal of their plan (/me). */
export const goalCommentSchema = z.object({
  intent: z.literal("comment"),
  goalId: z.string().uuid("form.invalid_value"),
  text: z.string({ required_error: "plan.comment_required" }).trim().min(1, "plan.comment_required").max(1000, "plan.text_too_long"),
});

export type GoalInput = z.infer<typeof goalSchema>;
export type ActivityInput = z.infer<typeof activitySchema>;

/** The fields of a goal and of an activity, in the order a person reads them (snapshots, conflicts). */
export const goalKeys = ["text", "clientWords", "targetDate", "status"] as const;
export const activityKeys = ["title", "typeCode", "goalId", "organizationId", "unitId", "assigneeId", "startDate", "endDate", "extent", "status", "followUpDate", "note", "categoryCode"] as const;

/** A stored snapshot as form values: strings, "" for nothing (for "their version" in a conflict). */
export function asValues(snapshot: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).map(([key, value]) => [key, value === null || value === undefined ? "" : String(value)]));
}
