/**
 * The browser's ranked Accept-Language list (RFC 9110 §12.5.4), read for the first language we
 * support. remix-i18next 6 cannot do this itself: its header detection keeps only the browser's
 * top language ("de-DE" for "de-DE,de;q=0.9,en;q=0.8") and falls back when we lack it, and its
 * parser keeps q=0 ranges as acceptable. Pure; used by i18next.server.ts as the custom detector.
 */

interface Range {
  /** Lower-case tag ("en-gb") or "*". */
  tag: string;
  /** Lower-case primary subtag ("en"), or "*". */
  primary: string;
  /** 0–1; 0 means "not acceptable". */
  q: number;
}

// RFC 9110 §5.6.4 / §12.4.2: a language range, and a weight of at most three decimals, 0 to 1.
const rangePattern = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
const weightPattern = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

function parseRange(part: string): Range | null {
  const [rawTag = "", ...params] = part.split(";").map((piece) => piece.trim());
  if (!rangePattern.test(rawTag)) return null;
  let q = 1;
  for (const param of params) {
    if (!/^q=/i.test(param)) continue;
    const weight = weightPattern.exec(param);
    // A malformed weight makes the whole range unreadable: it is left out, not taken as q=1.
    if (!weight) return null;
    q = Number(weight[1]);
  }
  const tag = rawTag.toLowerCase();
  return { tag, primary: tag.split("-")[0]!, q };
}

/**
 * The first of `supported` (primary language subtags such as "sv", "en") in the ranked list of an
 * Accept-Language header, or null when the header is absent or names none we support.
 * - Ranges count by weight, highest first; equal weights keep the order written.
 * - A range matches by its primary subtag: "en-GB" and "en-US" ask for our "en".
 * - q=0 means "not acceptable": the range never chooses, and "sv;q=0" (the tag itself) excludes sv.
 * - "*" stands for any language not named by another range, in the order of `supported`.
 */
export function preferredLanguage<T extends string>(header: string | null | undefined, supported: readonly T[]): T | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part) => parseRange(part))
    .filter((range): range is Range => range !== null);
  const excluded = new Set(ranges.filter((range) => range.q === 0).map((range) => range.tag));
  const named = new Set(ranges.map((range) => range.primary));
  const acceptable = supported.filter((language) => !excluded.has(language.toLowerCase()));
  // Array.prototype.sort is stable: ranges of equal weight stay in the order the browser wrote them.
  const ranked = ranges.filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
  for (const range of ranked) {
    const match =
      range.primary === "*"
        ? acceptable.find((language) => !named.has(language.toLowerCase()))
        : acceptable.find((language) => language.toLowerCase() === range.primary);
    if (match) return match;
  }
  return null;
}
