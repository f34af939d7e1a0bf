/**
 * An action's refusal, as the route frame returns it (docs/architecture.md, "A route"): an error
 * code and field errors (i18n keys), what the user typed — one string per field, a list for a
 * field sent several times — so that the page shows it again, and what the refusal carries for
 * the page (`details`: the other person's version in a conflict, per-item errors …). Client-safe.
 */
export type FormValues = Record<string, string | string[]>;

export interface FormFailure {
  ok: false;
  error: string;
  fieldErrors: Record<string, string>;
  values: FormValues;
  details: unknown;
}

/** The action's answer when it refused the form, else null. */
export function failureOf(result: unknown): FormFailure | null {
  return result && typeof result === "object" && (result as { ok?: unknown }).ok === false ? (result as FormFailure) : null;
}

/** What was typed, one string per field (the first, for a field sent twice). */
export function typedValues(values: FormValues | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, Array.isArray(value) ? (value[0] ?? "") : value]));
}

/** Every value of a field sent several times (checkbox lists). */
export function typedList(values: FormValues | undefined, name: string): string[] {
  const value = values?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
