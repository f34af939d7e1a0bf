import { field } from "./http.server";

/** Reads the consent terms posted by ConsentTermsFields. */
export function readConsentTerms(form: FormData) {
  const lines = form
    .getAll("line")
    .filter((value): value is string => typeof value === "string")
    .slice(0, 200)
    .map((value) => {
      const [discloserOrganizationId = "", recipientOrganizationId = "", categoryCode = ""] = value.split("|");
      return { discloserOrganizationId, recipientOrganizationId, categoryCode };
    });
  const organizations = new Set(lines.flatMap((line) => [line.discloserOrganizationId, line.recipientOrganizationId]));
  const unitIds = [...organizations].map((id) => field(form, `unit:${id}`)).filter(Boolean);
  // The end of the chosen day, Swedish time (close enough: the hour of midnight in CET/CEST).
  const date = field(form, "validUntil");
  const validUntil = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T22:59:59Z`) : new Date(Number.NaN);
  return { purpose: field(form, "purpose"), validUntil, lines, unitIds };
}

export function dateInputValue(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function monthsFrom(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}
