import { z } from "zod";
import { isUuid } from "~/lib/ids";
import { cleanText } from "~/lib/text";
import type { RawValue, UploadedFile } from "./answers";
import type { ItemAnswerInput, RequestInput } from "./views";

/**
 * The request forms' schemas, shared by the pages and their actions (messages are i18n keys:
 * `requests:errors.request.*`). They check the shape of what was sent; the services check what
 * depends on the database and the day (the receiver, the items, the dates, the basis).
 */
const text = (max: number, message: string) => z.string().max(max, message).default("");
const strings = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

/** The request form (RequestForm): saved as a draft (`intent=draft`) or sent (any other intent). */
export const requestFormSchema = z
  .object({
    intent: z.string().optional(),
    receivingUnitId: text(100, "request.unknown_unit"),
    basis: z
      .string()
      .optional()
      .transform((value): RequestInput["basis"] => (value === "legal" ? "legal" : "consent")),
    item: strings.pipe(z.array(z.string().max(100, "request.unknown_item")).max(50, "request.unknown_item")),
    purpose: text(1000, "request.purpose_too_long"),
    legalReference: text(200, "request.statute_required"),
    legalJustification: text(2000, "request.justification_too_long"),
    desiredBy: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, "request.desired_by_invalid").default(""),
  })
  // A form sent with nothing chosen says so next to the list, whatever else is missing.
  .refine((form) => form.item.length > 0, { message: "request.no_items", path: ["item"] })
  .transform(({ intent, item, ...fields }) => ({ submit: intent !== "draft", input: { ...fields, categoryCodes: item } satisfies RequestInput }));

/** The requester's request page: withdraw it. */
export const withdrawSchema = z.object({ intent: z.literal("withdraw") });

/** The receiving unit's request page: claim, hand back, or send the answer (read with `readAnswerInput`). */
export const inboxActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim") }),
  z.object({ intent: z.literal("unclaim") }),
  z.object({ intent: z.literal("answer") }),
]);

/** Two PDFs of 5 MB and the rest of the form: the answer form's byte limit. */
export const answerFormLimit = 11 * 1024 * 1024;

const isItemId = (value: string | undefined): value is string => isUuid(value);

/**
 * The answer form (AnswerForm): `decision:<item>`, `reason:<item>`, `reasonText:<item>`,
 * `answer:<item>:<field>` (a period as `…:from` and `…:to`) and `file:<item>:<field>` for PDFs.
 * Returns the raw answer per item id; the service validates it against each item's fields.
 */
export async function readAnswerInput(form: FormData): Promise<Record<string, ItemAnswerInput>> {
  const items: Record<string, ItemAnswerInput> = {};
  const item = (id: string) => (items[id] ??= { decision: "", reason: "", reasonText: "", fields: {} });
  for (const [name, value] of form.entries()) {
    const [kind, itemId, key, part] = name.split(":");
    if (!isItemId(itemId)) continue;
    // Text as every form's (the route frame's formValues): control characters out, U+000B a line break.
    const text = typeof value === "string" ? cleanText(value) : null;
    if (kind === "decision" && text !== null) item(itemId).decision = text;
    else if (kind === "reason" && text !== null) item(itemId).reason = text;
    else if (kind === "reasonText" && text !== null) item(itemId).reasonText = text;
    else if (kind === "answer" && key && text !== null) {
      const fields = item(itemId).fields;
      if (part === "from" || part === "to") {
        const period = (fields[key] as { from: string; to: string } | undefined) ?? { from: "", to: "" };
        fields[key] = { ...period, [part]: text };
      } else fields[key] = text;
    } else if (kind === "file" && key && typeof value !== "string" && value.size > 0) {
      const file: UploadedFile = { filename: cleanText(value.name), size: value.size, bytes: new Uint8Array(await value.arrayBuffer()) };
      item(itemId).fields[key] = file satisfies RawValue;
    }
  }
  return items;
}

