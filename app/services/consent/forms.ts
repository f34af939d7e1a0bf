import { z } from "zod";
import { isIsoDate, swedishEndOfDay, swedishMidnight } from "~/lib/calendar";
import type { ConsentTerms } from "./terms.server";

/**
 * The consent forms' schemas, shared by the pages and the actions (messages are i18n keys under
 * errors.codes). ConsentTermsFields posts one "line" per chosen line ("discloser|recipient|category")
 * and one "unit:<organisationId>" per organisation's chosen unit.
 */
const many = z.union([z.string(), z.array(z.string())]).optional().transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

/**
 * A typed calendar date (YYYY-MM-DD, a Swedish day) as an instant: `toInstant` picks which one.
 * Anything that is not a real date becomes an invalid date (NaN), which the service refuses.
 */
const day = (toInstant: (iso: string) => Date) =>
  z
    .string()
    .max(10, "form.invalid_value")
    .transform((value) => (isIsoDate(value) ? toInstant(value) : new Date(Number.NaN)));

const termsFields = {
  line: many,
  purpose: z.string().max(1000, "consent.purpose_too_long").default(""),
  // Valid through the whole chosen day: its last instant, 23:59:59.999 Swedish time (CET or CEST).
  validUntil: day(swedishEndOfDay).default(""),
};

function toTerms(input: { line: string[]; purpose: string; validUntil: Date } & Record<string, unknown>): ConsentTerms {
  const lines = input.line.slice(0, 200).map((value) => {
    const [discloserOrganizationId = "", recipientOrganizationId = "", categoryCode = ""] = value.split("|");
    return { discloserOrganizationId, recipientOrganizationId, categoryCode };
  });
  const organizations = new Set(lines.flatMap((line) => [line.discloserOrganizationId, line.recipientOrganizationId]));
  const unitIds = [...organizations].map((id) => input[`unit:${id}`]).filter((value): value is string => typeof value === "string" && value !== "");
  return { purpose: input.purpose, validUntil: input.validUntil, lines, unitIds };
}

export const consentTermsSchema = z.object(termsFields).catchall(z.union([z.string(), z.array(z.string())])).transform(toTerms);

export const recordConsentSchema = z
  .object({
    ...termsFields,
    method: z.enum(["recorded_oral", "recorded_paper"]).default("recorded_oral"),
    // The time of day is not known: the day's first instant in Sweden, never later than "now" on the day itself.
    givenAt: day(swedishMidnight).default(""),
    where: z.string().max(500, "consent.record_details_too_long").default(""),
    information: z.string().max(2000, "consent.record_details_too_long").default(""),
  })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .transform((input) => ({ ...toTerms(input), method: input.method, givenAt: input.givenAt, where: input.where, information: input.information }));

export const answerConsentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("decline") }),
  z.object({ intent: z.literal("accept"), line: many }),
]);

export const revokeSchema = z.object({ grantId: z.string().max(40).optional() });
