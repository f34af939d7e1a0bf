import { parsePersonnummer } from "~/lib/personnummer";

/**
 * The envelope is stored and shown in clear (SDK: the envelope travels outside the encrypted
 * content), so its text — subject, the sender's reference, a statute's justification, attachment
 * names — must not carry a personal identity number or coordination number (folkbokföringslagen
 * 18 § and 18 a §). Found in any common written form, and in the uncommon ones a hurried or a
 * crafty hand produces:
 *
 * - with or without the century; "-", "+", a blank or nothing before the last four digits;
 *   "-", ".", "/", "_", ":" or blanks between year, month and day (19850709-1234, 850709-1234,
 *   8507091234, 1985 07 09 1234, 1985-07-09-1234, 1985.07.09.9826); up to three of these, commas
 *   and brackets between any two parts ("1985 - 07 - 09 - 1234", "850709,1234",
 *   "(850709)-1234");
 * - across a line break (a line break reads as a blank);
 * - after normalising the text as Unicode NFKC (full-width, superscript and circled digits),
 *   digits of any script read as their value, any dash (U+2010–2015, U+2212, …) as "-", any space
 *   as a blank, and invisible format characters (zero-width space and joiner, word joiner, soft
 *   hyphen) removed;
 * - with the last four digits split by a blank ("…-98 26"), or the digits spaced out, in one run
 *   or in runs of four or more ("8 5 0 7 0 9 - 1 2 3 4").
 *
 * A number is refused when its date could be a birth date or a coordination number's day
 * (day + 60), whatever its check digit: a mistyped number is still someone's.
 */
const separator = "[-./_:,() ]{0,3}";
const candidate = new RegExp(`(?<!\\d)((?:18|19|20)\\d{2}|\\d{2})${separator}(\\d{2})${separator}(\\d{2})${separator}(\\+?)${separator}(\\d) ?(\\d) ?(\\d) ?(\\d)(?!\\d)`, "g");

/** The decimal value (0–9) of a digit of any script: its place in its run of ten (Unicode keeps them in order). */
function digitValue(char: string): string {
  let start = char.codePointAt(0)!;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return String((char.codePointAt(0)! - start) % 10);
}

/** The text as the check reads it: one way of writing digits, dashes and blanks, nothing invisible. */
export function normalizedForNumbers(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .replace(/[\p{Pd}\u2212\uFE63\uFF0D]/gu, "-")
    .replace(/[\p{Zs}\p{Zl}\p{Zp}\t\n\v\f\r]/gu, " ")
    .replace(/\p{Nd}/gu, (char) => (char >= "0" && char <= "9" ? char : digitValue(char)))
    // Digits spaced out ("1 9 8 8 0 4 1 2 9 8 2 6", "8 8 0 4 1 2 - 9 8 2 6"): in a run of four or
    // more single digits, the blanks go.
    .replace(/(?<!\d)\d(?: \d){3,}(?!\d)/g, (run) => run.replace(/ /g, ""));
}

/** Whether `text` holds something written like a personnummer or samordningsnummer (pure). */
export function containsIdentityNumber(text: string, today: Date = new Date()): boolean {
  for (const match of normalizedForNumbers(text).matchAll(candidate)) {
    const [, year, month, day, plus, ...last] = match as unknown as string[];
    const written = `${year}${month}${day}${plus === "+" && year!.length === 2 ? "+" : "-"}${last.join("")}`;
    const result = parsePersonnummer(written, today);
    if (result.ok || result.reason === "checksum") return true;
  }
  return false;
}
