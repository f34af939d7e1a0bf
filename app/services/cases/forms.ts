import { z } from "zod";

/**
 * The case forms' schemas, shared by the page and the action (errors are i18n keys under
 * errors.codes). Personal identity numbers are checked by the service (personnummer.ts).
 */
const checkbox = z.literal("on").optional().transform((value) => value === "on");

export const findSchema = z.object({
  intent: z.literal("find"),
  personnummer: z.string().max(20, "client.invalid_number"),
});

export const openCaseSchema = z.object({
  intent: z.literal("open"),
  personnummer: z.string().max(20, "client.invalid_number"),
  givenName: z.string().max(100, "client.name_too_long").default(""),
  familyName: z.string().max(100, "client.name_too_long").default(""),
  protectedIdentity: checkbox,
  preferredLanguage: z.enum(["sv", "en"]).default("sv"),
});

export const caseListActionSchema = z.discriminatedUnion("intent", [findSchema, openCaseSchema]);

export const caseEntrySchema = z.object({
  intent: z.literal("entry"),
  categoryCode: z.string().max(100, "entry.unknown_category"),
  text: z.string().max(2000, "entry.text_too_long"),
});

export const closeCaseSchema = z.object({ intent: z.literal("close") });

export const caseActionSchema = z.discriminatedUnion("intent", [caseEntrySchema, closeCaseSchema]);
