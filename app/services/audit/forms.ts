import { z } from "zod";

/** The auditor's search (posted, so a personal identity number never reaches a URL or a log). */
const outcomes = ["allowed", "denied", "withheld", "success", "failure"] as const;
/** The kinds of event an auditor can narrow the search to (the first part of the action's name). */
export const auditAreas = ["case", "plan", "consent", "request", "message", "auth", "admin"] as const;
export type AuditArea = (typeof auditAreas)[number];
const optional = (max: number) => z.string().max(max, "form.invalid_value").optional().transform((value) => value?.trim() || undefined);

export const reviewSchema = z
  .object({
    officer: optional(100),
    personnummer: optional(20),
    case: optional(20),
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
    outcome: z.union([z.enum(outcomes), z.literal("")]).optional().transform((value) => value || undefined),
    area: z.union([z.enum(auditAreas), z.literal("")]).optional().transform((value) => value || undefined),
    /** The page link (keyset of the last event shown); checked by the search, which answers 400 page.invalid_cursor. */
    after: z.string().max(100).optional(),
  })
  .transform((input) => ({
    officerId: input.officer,
    personnummer: input.personnummer,
    caseReference: input.case,
    outcome: input.outcome,
    area: input.area,
    after: input.after,
    from: input.from,
    to: input.to,
    echo: { officer: input.officer ?? "", personnummer: input.personnummer ?? "", case: input.case ?? "", from: input.from ?? "", to: input.to ?? "", outcome: input.outcome ?? "", area: input.area ?? "" },
  }));

