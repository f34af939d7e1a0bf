import { activitySchema, goalSchema, type ActivityInput, type GoalInput } from "~/services/plan-edit.server";
import { field } from "./http.server";

const activityFields = ["title", "typeCode", "goalId", "organizationId", "unitId", "assigneeId", "startDate", "endDate", "extent", "status", "followUpDate", "note", "categoryCode"] as const;
const goalFields = ["text", "clientWords", "targetDate", "status"] as const;

type Parsed<T> = { ok: true; input: T; values: Record<string, string> } | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** Reads a posted form through a zod schema: the typed input, or error codes per field, and always what was typed. */
function parseWith<T>(form: FormData, names: readonly string[], schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): Parsed<T> {
  const values = Object.fromEntries(names.map((name) => [name, field(form, name).slice(0, 2000)]));
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, input: parsed.data, values };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, errors, values };
}

export const readActivityForm = (form: FormData) => parseWith<ActivityInput>(form, activityFields, activitySchema);
export const readGoalForm = (form: FormData) => parseWith<GoalInput>(form, goalFields, goalSchema);

/** A stored snapshot as form values (for "their version" in a conflict). */
export function asValues(snapshot: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).map(([key, value]) => [key, value === null || value === undefined ? "" : String(value)]));
}
