import { useTranslation } from "react-i18next";
import type { namespaces } from "~/i18n/config";
import type { FormFailure } from "~/web/form-failure";

/**
 * Translates an error code: "<prefix>.<key>" from `<namespace>:errors.<prefix>.<key>` (the
 * capability's own words), any other from `errors.codes`, with the general "something went wrong"
 * as the last resort; `values` fill the message's placeholders.
 */
export function useErrorText(namespace: (typeof namespaces)[number], prefix: string, values?: Record<string, string>): (code: string) => string {
  const { t } = useTranslation(namespace);
  const { t: tc } = useTranslation();
  return (code) => {
    const common = tc(`errors.codes.${code}` as never, { defaultValue: tc("errors.status.title") });
    return code.startsWith(`${prefix}.`) ? t(`errors.${code}` as never, { defaultValue: common, ...values }) : common;
  };
}

/**
 * A refused form's summary and each field's message: the summary is every field's message (each
 * once), or the service's code when no field was named; `errorAt(name)` is the field's own message,
 * or the summary for the field a service's code belongs to (`fieldOf`).
 */
export function useFormErrors(failed: FormFailure | null, errorText: (code: string) => string, fieldOf: Record<string, string> = {}) {
  const fieldCodes = failed?.error === "form.invalid" ? [...new Set(Object.values(failed.fieldErrors))] : [];
  const message = failed ? (fieldCodes.length > 0 ? fieldCodes.map(errorText).join(" ") : errorText(failed.error)) : undefined;
  const errorAt = (name: string) => {
    const code = failed?.fieldErrors[name];
    if (code) return errorText(code);
    return failed && fieldOf[failed.error] === name ? message : undefined;
  };
  return { message, errorAt };
}
