import { useTranslation } from "react-i18next";
import { failureOf, typedValues, type FormFailure } from "~/web/form-failure";

/** The plan forms' refusals are the route frame's (app/web/form-failure.ts). */
export type PlanFormFailure = FormFailure;
export { failureOf, typedValues };

/** A version conflict's details: their version as form values, its number, and who saved it. */
export interface ConflictDetails {
  theirs: Record<string, string>;
  version: number;
  changedBy: string | null;
}

/** The conflict carried by a refusal (plan.version_conflict), else null. */
export function conflictOf(failed: PlanFormFailure | null): ConflictDetails | null {
  return failed?.error === "plan.version_conflict" && failed.details ? (failed.details as ConflictDetails) : null;
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
