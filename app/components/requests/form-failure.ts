import { useTranslation } from "react-i18next";

/**
 * The request forms' refusals as the route frame returns them (FormFailure in
 * app/web/frame.server.ts): an error code, field errors (i18n keys), what was typed, and for a
 * refused answer the per-item errors in `details`.
 */
export interface RequestFormFailure {
  ok: false;
  error: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string | string[]>;
  details: unknown;
}

/** The action's answer when it refused the form, else null. */
export function failureOf(result: unknown): RequestFormFailure | null {
  return result && typeof result === "object" && (result as { ok?: unknown }).ok === false ? (result as RequestFormFailure) : null;
}

/** What was typed, one string per field (the first, for a field sent twice). */
export function typedValues(values: RequestFormFailure["values"] | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, Array.isArray(value) ? (value[0] ?? "") : value]));
}

/** Every value of a field sent several times (the request form's items). */
export function typedList(values: RequestFormFailure["values"] | undefined, name: string): string[] {
  const value = values?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Translates an error code: "request.<key>" from requests:errors, any other from errors.codes. */
export function useRequestErrorText(): (code: string) => string {
  const { t } = useTranslation("requests");
  const { t: tc } = useTranslation();
  return (code) => {
    const fallback = tc("errors.status.title");
    const common = tc(`errors.codes.${code}` as never, { defaultValue: fallback });
    return code.startsWith("request.") ? t(`errors.${code}` as never, { defaultValue: common }) : common;
  };
}
