import { useTranslation } from "react-i18next";

/**
 * The plan forms' refusals as the route frame returns them (FormFailure in app/web/frame.server.ts):
 * an error code, field errors (i18n keys) and what was typed, so that nothing typed is lost.
 */
export interface PlanFormFailure {
  ok: false;
  error: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string | string[]>;
  details: unknown;
}

/** A version conflict's details: their version as form values, its number, and who saved it. */
export interface ConflictDetails {
  theirs: Record<string, string>;
  version: number;
  changedBy: string | null;
}

/** The action's answer when it refused the form, else null. */
export function failureOf(result: unknown): PlanFormFailure | null {
  return result && typeof result === "object" && (result as { ok?: unknown }).ok === false ? (result as PlanFormFailure) : null;
}

/** The conflict carried by a refusal (plan.version_conflict), else null. */
export function conflictOf(failed: PlanFormFailure | null): ConflictDetails | null {
  return failed?.error === "plan.version_conflict" && failed.details ? (failed.details as ConflictDetails) : null;
}

/** What was typed, one string per field (the first, for a field sent twice). */
export function typedValues(values: PlanFormFailure["values"]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Array.isArray(value) ? (value[0] ?? "") : value]));
}

/** Translates an error code: "plan.<key>" from plan:errors, any other from errors.codes. */
export function usePlanErrorText(): (code: string) => string {
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  return (code) => {
    const fallback = tc("errors.status.title");
    return code.startsWith("plan.") ? t(`errors.${code.slice("plan.".length)}` as never, { defaultValue: fallback }) : tc(`errors.codes.${code}` as never, { defaultValue: fallback });
  };
}

/** Field errors as text, by field name. */
export function useFieldErrors(failed: PlanFormFailure | null): Record<string, string> {
  const text = usePlanErrorText();
  return Object.fromEntries(Object.entries(failed?.fieldErrors ?? {}).map(([name, code]) => [name, text(code)]));
}
