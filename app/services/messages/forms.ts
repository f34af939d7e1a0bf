import { z } from "zod";
import { isUuid } from "~/lib/ids";

/**
 * The messaging forms' schemas, shared by the pages and their actions (messages are i18n keys:
 * `messages:errors.messages.*`). They check the shape; the services check what depends on the
 * database (the recipient, the case, the category, the basis).
 */

/** Longest subject (characters): an envelope line, not a letter. */
export const maxSubjectLength = 200;
/** Longest sender's reference (characters), e.g. a diary number. */
export const maxReferenceLength = 100;
/** Longest content (characters, after line breaks are normalised to LF). */
export const maxContentLength = 20_000;

const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .refine((value) => value === undefined || isUuid(value), message);

/** What a new message or a reply says (MessageForm). Content keeps its line breaks; no HTML is ever rendered from it. */
export const messageFormSchema = z.object({
  recipientUnitId: z.string().trim().min(1, "messages.recipient_required").refine(isUuid, "messages.recipient_required"),
  subject: z.string().trim().min(1, "messages.subject_required").max(maxSubjectLength, "messages.subject_too_long"),
  senderReference: z.string().trim().max(maxReferenceLength, "messages.reference_too_long").default(""),
  content: z
    .string()
    .transform((value) => value.replace(/\r\n?/g, "\n"))
    .pipe(z.string().max(maxContentLength, "messages.content_too_long").refine((value) => value.trim().length > 0, "messages.content_required")),
  caseId: optionalId("messages.unknown_case"),
  inReplyTo: optionalId("messages.unknown_message"),
  categoryCode: z.string().trim().max(100, "messages.category_required").default(""),
  basis: z
    .string()
    .optional()
    .transform((value): "consent" | "legal" => (value === "legal" ? "legal" : "consent")),
  legalReference: z.string().trim().max(200, "messages.statute_required").default(""),
  legalJustification: z.string().trim().max(2000, "messages.justification_too_long").default(""),
});

export type MessageInput = z.infer<typeof messageFormSchema>;

/** The message page's handling buttons (the receiving unit's officers). */
export const handleFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim") }),
  z.object({ intent: z.literal("release") }),
  z.object({ intent: z.literal("handled") }),
  z.object({ intent: z.literal("reopen") }),
  z.object({ intent: z.literal("hand_over"), toUserId: z.string().trim().min(1, "messages.colleague_required").max(100, "messages.colleague_required") }),
]);

export type HandleInput = z.infer<typeof handleFormSchema>;

const folders = ["inbox", "sent", "threads"] as const;
const filters = ["all", "unread", "mine", "handled"] as const;
const oneOf = <T extends string>(list: readonly T[], value: string | null): T => (list.includes(value as T) ? (value as T) : list[0]!);

/** The mailbox's folder, filter, search and page (`?folder=&filter=&q=&after=`); anything unknown falls back to the default. */
export function mailboxQueryOf(params: URLSearchParams): { folder: (typeof folders)[number]; filter: (typeof filters)[number]; search: string; after: string } {
  return {
    folder: oneOf(folders, params.get("folder")),
    filter: oneOf(filters, params.get("filter")),
    search: (params.get("q") ?? "").slice(0, 200),
    after: params.get("after") ?? "",
  };
}
