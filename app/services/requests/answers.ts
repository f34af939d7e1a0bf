import type { AnswerField } from "../../../db/catalogue";
import { isIsoDate } from "~/lib/calendar";

/**
 * Structured answers to information requests: each catalogue item declares its answer fields
 * (db/catalogue.ts), and an answer is data of exactly those types, never free prose. Pure and
 * client-safe: the services validate with it, the forms and pages render with it.
 *
 * Stored shapes: number → number; date → "YYYY-MM-DD"; period → { from, to | null };
 * boolean → true/false; choice → the option's value; text → string; document → a reference to
 * the stored PDF ({ documentId, filename, size }), filled in by the service after validation.
 */
export type { AnswerField };

export interface DocumentRef {
  documentId: string;
  filename: string;
  size: number;
}

export type AnswerValue = number | string | boolean | { from: string; to: string | null } | DocumentRef;
export type Answer = Record<string, AnswerValue>;

/** An uploaded file as the form delivered it (bytes read on the server). */
export interface UploadedFile {
  filename: string;
  size: number;
  bytes: Uint8Array;
}

/** The raw input of one field: text from the form (period as from/to), or an uploaded file. */
export type RawValue = string | { from: string; to: string } | UploadedFile | undefined;

export type AnswerErrorCode =
  | "required"
  | "not_a_number"
  | "not_integer"
  | "too_small"
  | "too_large"
  | "invalid_date"
  | "period_from_required"
  | "period_order"
  | "invalid_choice"
  | "invalid_boolean"
  | "too_long"
  | "not_pdf"
  | "file_too_large"
  | "unknown_field"
  | "empty_answer";

export const maxDocumentBytes = 5 * 1024 * 1024;

export type ValidationResult =
  | { ok: true; value: Answer; files: Record<string, UploadedFile> }
  | { ok: false; errors: Record<string, AnswerErrorCode> };

interface Options {
  /** A partial release: no field is required, but at least one must be given. */
  partial?: boolean;
}

const blank = (raw: RawValue) =>
  raw === undefined ||
  (typeof raw === "string" && raw.trim() === "") ||
  (isPeriod(raw) && raw.from.trim() === "" && raw.to.trim() === "") ||
  (isFile(raw) && raw.size === 0 && raw.filename === "");

function isPeriod(raw: RawValue): raw is { from: string; to: string } {
  return typeof raw === "object" && raw !== null && "from" in raw && "to" in raw;
}

function isFile(raw: RawValue): raw is UploadedFile {
  return typeof raw === "object" && raw !== null && "bytes" in raw;
}

/** "1 234,5" and "1234.5" alike; anything else is not a number. */
function parseNumber(value: string): number | null {
  const compact = value.replace(/[\s\u00a0]/g, "").replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(compact)) return null;
  return Number(compact);
}

const pdfMagic = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= pdfMagic.length && pdfMagic.every((byte, index) => bytes[index] === byte);
}

function validateField(field: AnswerField, raw: Exclude<RawValue, undefined>): { value: AnswerValue } | { error: AnswerErrorCode } | { file: UploadedFile } {
  switch (field.type) {
    case "number": {
      if (typeof raw !== "string") return { error: "not_a_number" };
      const value = parseNumber(raw);
      if (value === null) return { error: "not_a_number" };
      if (field.integer && !Number.isInteger(value)) return { error: "not_integer" };
      if (field.min !== undefined && value < field.min) return { error: "too_small" };
      if (field.max !== undefined && value > field.max) return { error: "too_large" };
      return { value };
    }
    case "date":
      return typeof raw === "string" && isIsoDate(raw.trim()) ? { value: raw.trim() } : { error: "invalid_date" };
    case "period": {
      if (!isPeriod(raw)) return { error: "invalid_date" };
      const from = raw.from.trim();
      const to = raw.to.trim();
      if (from === "") return { error: "period_from_required" };
      if (!isIsoDate(from) || (to !== "" && !isIsoDate(to))) return { error: "invalid_date" };
      if (to !== "" && to < from) return { error: "period_order" };
      return { value: { from, to: to === "" ? null : to } };
    }
    case "boolean":
      if (raw === "yes") return { value: true };
      if (raw === "no") return { value: false };
      return { error: "invalid_boolean" };
    case "choice":
      return typeof raw === "string" && field.options.some((option) => option.value === raw) ? { value: raw } : { error: "invalid_choice" };
    case "text": {
      if (typeof raw !== "string") return { error: "required" };
      const value = raw.trim();
      return value.length > field.maxLength ? { error: "too_long" } : { value };
    }
    case "document":
      if (!isFile(raw)) return { error: "not_pdf" };
      if (raw.size > maxDocumentBytes || raw.bytes.length > maxDocumentBytes) return { error: "file_too_large" };
      return isPdf(raw.bytes) ? { file: raw } : { error: "not_pdf" };
  }
}

/**
 * Checks raw input against an item's answer fields. Returns the typed answer (documents apart,
 * as files to store) or an error code per field key. Keys that the item does not have are errors.
 */
export function validateAnswer(fields: readonly AnswerField[], input: Record<string, RawValue>, options: Options = {}): ValidationResult {
  const errors: Record<string, AnswerErrorCode> = {};
  const value: Answer = {};
  const files: Record<string, UploadedFile> = {};
  for (const key of Object.keys(input)) {
    if (!fields.some((field) => field.key === key) && !blank(input[key])) errors[key] = "unknown_field";
  }
  for (const field of fields) {
    const raw = input[field.key];
    if (raw === undefined || blank(raw)) {
      if (field.required && !options.partial) errors[field.key] = "required";
      continue;
    }
    const result = validateField(field, raw);
    if ("error" in result) errors[field.key] = result.error;
    else if ("file" in result) files[field.key] = result.file;
    else value[field.key] = result.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (options.partial && Object.keys(value).length + Object.keys(files).length === 0) {
    return { ok: false, errors: { [fields[0]?.key ?? "_"]: "empty_answer" } };
  }
  return { ok: true, value, files };
}

/** True when a stored answer still fits the item's fields (for answers read back from the database). */
export function isStoredAnswer(fields: readonly AnswerField[], answer: unknown): answer is Answer {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return false;
  return Object.entries(answer).every(([key, value]) => {
    const field = fields.find((candidate) => candidate.key === key);
    if (!field) return false;
    switch (field.type) {
      case "number":
        return typeof value === "number";
      case "date":
        return typeof value === "string" && isIsoDate(value);
      case "period":
        return typeof value === "object" && value !== null && "from" in value;
      case "boolean":
        return typeof value === "boolean";
      case "choice":
        return typeof value === "string" && field.options.some((option) => option.value === value);
      case "text":
        return typeof value === "string";
      case "document":
        return typeof value === "object" && value !== null && "documentId" in value;
    }
  });
}
