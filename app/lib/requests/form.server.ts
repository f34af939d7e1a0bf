import type { RawValue, UploadedFile } from "~/lib/answers";
import { field } from "~/lib/http.server";
import type { ItemAnswerInput, RequestInput } from "./views";

/** The request form's fields (RequestForm), as the service takes them. */
export function readRequestInput(form: FormData): RequestInput {
  return {
    receivingUnitId: field(form, "receivingUnitId"),
    basis: field(form, "basis") === "legal" ? "legal" : "consent",
    categoryCodes: form
      .getAll("item")
      .filter((value): value is string => typeof value === "string")
      .slice(0, 50),
    purpose: field(form, "purpose"),
    legalReference: field(form, "legalReference"),
    legalJustification: field(form, "legalJustification"),
    desiredBy: field(form, "desiredBy"),
  };
}

/** Two PDFs of 5 MB and the rest of the form. */
export const answerFormLimit = 11 * 1024 * 1024;

/**
 * The answer form (AnswerItemFields): `decision:<item>`, `reason:<item>`, `reasonText:<item>`,
 * `answer:<item>:<field>` (a period as `…:from` and `…:to`) and `file:<item>:<field>` for PDFs.
 */
export async function readAnswerInput(form: FormData): Promise<Record<string, ItemAnswerInput>> {
  const items: Record<string, ItemAnswerInput> = {};
  const item = (id: string) => (items[id] ??= { decision: "", reason: "", reasonText: "", fields: {} });
  for (const [name, value] of form.entries()) {
    const [kind, itemId, key, part] = name.split(":");
    if (!itemId || !/^[0-9a-f-]{36}$/i.test(itemId)) continue;
    if (kind === "decision" && typeof value === "string") item(itemId).decision = value;
    else if (kind === "reason" && typeof value === "string") item(itemId).reason = value;
    else if (kind === "reasonText" && typeof value === "string") item(itemId).reasonText = value;
    else if (kind === "answer" && key && typeof value === "string") {
      const fields = item(itemId).fields;
      if (part === "from" || part === "to") {
        const period = (fields[key] as { from: string; to: string } | undefined) ?? { from: "", to: "" };
        fields[key] = { ...period, [part]: value };
      } else fields[key] = value;
    } else if (kind === "file" && key && typeof value !== "string" && value.size > 0) {
      const file: UploadedFile = { filename: value.name, size: value.size, bytes: new Uint8Array(await value.arrayBuffer()) };
      item(itemId).fields[key] = file satisfies RawValue;
    }
  }
  return items;
}

/** The text the officer typed, to put back in the form when the answer is refused (files cannot be). */
export function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string" && name !== "intent") values[name] = value.slice(0, 2000);
  return values;
}
