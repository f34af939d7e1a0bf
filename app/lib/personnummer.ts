import { swedishToday } from "./calendar";

/**
 * Swedish personal identity numbers (personnummer, folkbokföringslagen 18 §, Skatteverket's
 * SKV 704) and coordination numbers (samordningsnummer, 18 a §, SKV 707), as they come from real
 * registers. Accepted, with blanks before and after (and around the separator):
 *
 *   YYYYMMDD-NNNN   YYYYMMDDNNNN   YYMMDD-NNNN   YYMMDD+NNNN   YYMMDDNNNN
 *
 * (YYYYMMDD+NNNN only when the person is 100 or older; a blank is not a separator.) Every
 * accepted number is normalised to the 12 digits YYYYMMDDNNNN: the form that is hashed and stored.
 */
export type PersonnummerResult =
  | {
      ok: true;
      /** YYYYMMDDNNNN; a coordination number keeps its day + 60 and its 00 month. */
      normalized: string;
      /** A samordningsnummer (day + 60). */
      coordination: boolean;
      /** YYYY-MM-DD, or null when a coordination number's month or day is unknown (00, 60). */
      birthDate: string | null;
    }
  | { ok: false; reason: PersonnummerError };

/**
 * Why a number was refused: `format` not one of the written forms (or a century other than 18,
 * 19, 20, or "+" in the 12-digit form of someone under 100); `serial` birth number 000; `date` no
 * such birth date, or one after the reference date; `checksum` the Luhn check digit does not match.
 */
export type PersonnummerError = "format" | "serial" | "date" | "checksum";

const pattern = /^(\d{2})?(\d{2})(\d{2})(\d{2})(?:\s*([-+])\s*)?(\d{3})(\d)$/;

/**
 * Parses and validates a personnummer or samordningsnummer; `today` is the reference date for the
 * century and for "not born in the future" (its Swedish calendar day). The rules, all Skatteverket's:
 * - the birth number (NNN before the check digit) is 001–999, never 000 (SKV 704, SKV 707);
 * - a personnummer carries a real calendar date (folkbokföringslagen 18 §);
 * - a samordningsnummer adds 60 to the day (61–91); an unknown month is written 00 and an unknown
 *   day 60 (SKV 707); a known month and day must still make a real date;
 * - in 10 digits the separator gives the century: "-" (or none) under 100 years old on the
 *   reference date, "+" 100 or older (18 §); 12 digits carry the century themselves, which is
 *   18, 19 or 20 (Skatteverket, SKVM 2010:3). An unknown month or day counts as the earliest
 *   possible, so "born some time this year" is not in the future;
 * - the last digit is the Luhn check digit over the other nine of the 10-digit form (SKV 704).
 */
export function parsePersonnummer(input: string, today: Date = new Date()): PersonnummerResult {
  const match = pattern.exec(input.trim());
  if (!match) return { ok: false, reason: "format" };
  const [, century, yy, mm, dd, separator, serial, check] = match as unknown as string[];
  if (century && !["18", "19", "20"].includes(century)) return { ok: false, reason: "format" };
  if (serial === "000") return { ok: false, reason: "serial" };

  const month = Number(mm);
  const written = Number(dd);
  const coordination = written >= 60;
  const day = coordination ? written - 60 : written; // 0: unknown (coordination numbers only)
  if (month > 12 || day > 31 || (!coordination && (month === 0 || day === 0))) return { ok: false, reason: "date" };

  const [thisYear, thisMonth, thisDay] = swedishToday(today).split("-").map(Number) as [number, number, number];
  // Unknown parts count as the earliest possible: a person born "some time in 2026" may be born by now.
  const bornBy = (year: number, plusYears: number) =>
    year + plusYears < thisYear || (year + plusYears === thisYear && month * 100 + day <= thisMonth * 100 + thisDay);

  let year: number;
  if (century) {
    year = Number(century + yy);
    if (!bornBy(year, 0)) return { ok: false, reason: "date" };
    if (separator === "+" && !bornBy(year, 100)) return { ok: false, reason: "format" };
  } else {
    year = thisYear - ((thisYear - Number(yy)) % 100);
    if (!bornBy(year, 0)) year -= 100;
    if (separator === "+") year -= 100;
  }
  if (month !== 0 && day !== 0 && !isRealDate(year, month, day)) return { ok: false, reason: "date" };

  if (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) !== Number(check)) return { ok: false, reason: "checksum" };

  return {
    ok: true,
    normalized: `${year}${mm}${dd}${serial}${check}`,
    coordination,
    birthDate: month !== 0 && day !== 0 ? `${year}-${mm}-${String(day).padStart(2, "0")}` : null,
  };
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The Luhn check digit (0–9) of the nine digits YYMMDDNNN, as Skatteverket computes it (SKV 704):
 * digits weighted 2, 1, 2, …, digit sums added, the check digit brings the total to a multiple of ten.
 */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let digit = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** YYYYMMDD-NNNN from the normalised 12 digits: the form shown to the people allowed to see it. */
export function formatPersonnummer(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}
