import { parsePersonnummer } from "~/lib/personnummer";

/**
 * The envelope is stored and shown in clear (SDK: the envelope travels outside the encrypted
 * content), so a subject must not carry a personal identity number or coordination number
 * (folkbokföringslagen 18 § and 18 a §). Found in any common written form: with or without the
 * century, with "-", "+", a blank or nothing before the last four digits, and with "-", "." or a
 * blank between year, month and day (19850709-1234, 850709-1234, 8507091234, 1985 07 09 1234,
 * 1985-07-09-1234). A number is refused when its date could be a birth date or a coordination
 * number's day (day + 60), whatever its check digit: a mistyped number is still someone's.
 */
const candidate = /(?<!\d)((?:18|19|20)\d{2}|\d{2})[-. ]?(\d{2})[-. ]?(\d{2})\s?([-+]?)\s?(\d{3})[ ]?(\d)(?!\d)/g;

/** Whether `text` holds something written like a personnummer or samordningsnummer (pure). */
export function containsIdentityNumber(text: string, today: Date = new Date()): boolean {
  for (const match of text.matchAll(candidate)) {
    const [, year, month, day, separator, serial, check] = match as unknown as string[];
    const written = `${year}${month}${day}${separator === "+" && year!.length === 2 ? "+" : "-"}${serial}${check}`;
    const result = parsePersonnummer(written, today);
    if (result.ok || result.reason === "checksum") return true;
  }
  return false;
}
