/**
 * Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer, day + 60). Accepts 10 or 12 digits, with or without the
 * separator ("-", or "+" for people aged 100 or more), checks the date and the
 * Luhn check digit, and normalises to 12 digits: the form that is hashed and stored.
 */
export type PersonnummerResult =
  | { ok: true; normalized: string; coordination: boolean; birthDate: string }
  | { ok: false; reason: "format" | "date" | "checksum" };

const pattern = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

export function parsePersonnummer(input: string, today: Date = new Date()): PersonnummerResult {
  const match = pattern.exec(input.trim().replace(/\s+/g, ""));
  if (!match) return { ok: false, reason: "format" };
  const [, century, yy, mm, dd, separator, serial, check] = match as unknown as string[];

  const day = Number(dd);
  const coordination = day > 60;
  const realDay = coordination ? day - 60 : day;
  const year = century ? Number(century + yy) : inferYear(Number(yy), separator === "+", today);
  const date = new Date(Date.UTC(year, Number(mm) - 1, realDay));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== Number(mm) - 1 ||
    date.getUTCDate() !== realDay ||
    date.getTime() > today.getTime()
  ) {
    return { ok: false, reason: "date" };
  }
  if (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) !== Number(check)) return { ok: false, reason: "checksum" };

  return {
    ok: true,
    normalized: `${year}${mm}${dd}${serial}${check}`,
    coordination,
    birthDate: date.toISOString().slice(0, 10),
  };
}

/** The century of a 10-digit number: the latest year not in the future, 100 years back with "+". */
function inferYear(yy: number, centenarian: boolean, today: Date): number {
  const thisYear = today.getUTCFullYear();
  let year = thisYear - ((thisYear - yy) % 100);
  if (centenarian) year -= 100;
  return year;
}

/** Luhn over the nine digits YYMMDDNNN, as Skatteverket computes it. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let digit = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** YYYYMMDD-NNNN, the form shown to the people allowed to see it. */
export function formatPersonnummer(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}
