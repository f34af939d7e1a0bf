/**
 * Text as it may be stored, shown and exported. Free text reaches Samsyn from forms, from
 * paste out of word processors (Word's soft line break is U+000B) and from rows stored before
 * input was normalised; the exports (CSV, HL7 FHIR R4 JSON with an XHTML narrative) must stay
 * valid whatever it holds. Pure and client-safe.
 */

// Word writes U+000B for a soft line break (Shift+Enter) and U+000C for a page break.
const lineBreaks = /[\u000B\u000C]/g;
// The C0 controls other than tab, LF and CR, and DEL: no meaning in text, not allowed in XML 1.0.
const controls = /[\u0000-\u0008\u000E-\u001F\u007F]/g;
// Half of a UTF-16 pair without its other half: not a character, and not encodable as UTF-8.
const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Noncharacters that XML 1.0 excludes (its Char production stops at U+FFFD).
const nonCharacters = /[\uFFFE\uFFFF]/g;
const anything = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * The text with what is not text taken out: U+000B (vertical tab, Word's soft line break) and
 * U+000C (form feed, Word's page break) become "\n"; the other C0 controls except tab, LF and CR
 * (U+0000–U+0008, U+000E–U+001F) and DEL (U+007F) are removed; a lone surrogate and the
 * noncharacters U+FFFE and U+FFFF become U+FFFD (the replacement character). Everything else,
 * including line breaks, tabs, quotes and leading or trailing space, is left as it is.
 * Sources: Unicode 15 ch. 23.1 (control codes), XML 1.0 § 2.2 (Char), RFC 8259 § 8.1 (UTF-8).
 */
export function cleanText(value: string): string {
  if (!anything.test(value)) return value;
  return value
    .replace(lineBreaks, "\n")
    .replace(controls, "")
    .replace(loneSurrogates, "\uFFFD")
    .replace(nonCharacters, "\uFFFD");
}

/**
 * A copy of a plain value (string, array, plain object, nested) with `clean` applied to every
 * string in it, keys left alone; numbers, booleans, null and other objects are kept as they are.
 */
export function cleanStrings<T>(value: T, clean: (text: string) => string = cleanText): T {
  if (typeof value === "string") return clean(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => cleanStrings(item, clean)) as T;
  if (value !== null && typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cleanStrings(item, clean);
    return copy as T;
  }
  return value;
}
