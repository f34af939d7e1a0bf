import { describe, expect, it } from "vitest";
import { catalogue, catalogueItem } from "../../db/catalogue";
import { isPdf, isStoredAnswer, maxDocumentBytes, validateAnswer, type AnswerField, type UploadedFile } from "~/services/requests/answers";
import { isIsoDate } from "~/lib/calendar";

const fieldsOf = (code: string) => catalogueItem(code)!.answer;
const pdf = (size = 64, filename = "plan.pdf"): UploadedFile => {
  const bytes = new Uint8Array(size);
  bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]); // %PDF-1.7
  return { filename, size, bytes };
};

describe("validateAnswer: one field of each type", () => {
  const number: AnswerField = { key: "n", type: "number", label: { sv: "", en: "" }, min: 0, max: 450, integer: true, required: true };
  it.each([
    ["312", { ok: true, value: { n: 312 } }],
    [" 1 2 ", { ok: true, value: { n: 12 } }],
    ["0", { ok: true, value: { n: 0 } }],
    ["450", { ok: true, value: { n: 450 } }],
    ["451", { ok: false, errors: { n: "too_large" } }],
    ["-1", { ok: false, errors: { n: "too_small" } }],
    ["12,5", { ok: false, errors: { n: "not_integer" } }],
    ["tolv", { ok: false, errors: { n: "not_a_number" } }],
    ["1e3", { ok: false, errors: { n: "not_a_number" } }],
    ["", { ok: false, errors: { n: "required" } }],
  ] as const)("number %j", (raw, expected) => {
    expect(validateAnswer([number], { n: raw })).toMatchObject(expected);
  });

  it("reads decimals with a comma or a point when integers are not required", () => {
    const decimal: AnswerField = { key: "d", type: "number", label: { sv: "", en: "" } };
    expect(validateAnswer([decimal], { d: "12,5" })).toMatchObject({ ok: true, value: { d: 12.5 } });
    expect(validateAnswer([decimal], { d: "12.5" })).toMatchObject({ ok: true, value: { d: 12.5 } });
  });

  it("dates must be real calendar dates written YYYY-MM-DD", () => {
    const date: AnswerField = { key: "d", type: "date", label: { sv: "", en: "" }, required: true };
    expect(validateAnswer([date], { d: "2026-12-03" })).toMatchObject({ ok: true, value: { d: "2026-12-03" } });
    for (const bad of ["2026-02-30", "3/12/2026", "2026-13-01", "20261203"]) {
      expect(validateAnswer([date], { d: bad }), bad).toMatchObject({ ok: false, errors: { d: "invalid_date" } });
    }
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
  });

  it("periods need a start, may stay open, and cannot end before they start", () => {
    const period: AnswerField = { key: "p", type: "period", label: { sv: "", en: "" }, required: true };
    expect(validateAnswer([period], { p: { from: "2026-11-01", to: "" } })).toMatchObject({ ok: true, value: { p: { from: "2026-11-01", to: null } } });
    expect(validateAnswer([period], { p: { from: "2026-11-01", to: "2026-11-30" } })).toMatchObject({ ok: true, value: { p: { from: "2026-11-01", to: "2026-11-30" } } });
    expect(validateAnswer([period], { p: { from: "", to: "2026-11-30" } })).toMatchObject({ ok: false, errors: { p: "period_from_required" } });
    expect(validateAnswer([period], { p: { from: "2026-11-30", to: "2026-11-01" } })).toMatchObject({ ok: false, errors: { p: "period_order" } });
    expect(validateAnswer([period], { p: { from: "2026-11-31", to: "" } })).toMatchObject({ ok: false, errors: { p: "invalid_date" } });
    expect(validateAnswer([period], { p: { from: "", to: "" } })).toMatchObject({ ok: false, errors: { p: "required" } });
  });

  it("booleans are yes or no, and no is an answer (not a missing one)", () => {
    const flag: AnswerField = { key: "b", type: "boolean", label: { sv: "", en: "" }, required: true };
    expect(validateAnswer([flag], { b: "no" })).toMatchObject({ ok: true, value: { b: false } });
    expect(validateAnswer([flag], { b: "yes" })).toMatchObject({ ok: true, value: { b: true } });
    expect(validateAnswer([flag], { b: "true" })).toMatchObject({ ok: false, errors: { b: "invalid_boolean" } });
  });

  it("choices accept only the item's option values", () => {
    const fields = fieldsOf("af.activity_report");
    const base = { period: { from: "2026-10-01", to: "2026-10-31" }, jobsApplied: "8" };
    expect(validateAnswer(fields, { ...base, reportStatus: "approved" })).toMatchObject({ ok: true, value: { reportStatus: "approved", jobsApplied: 8 } });
    expect(validateAnswer(fields, { ...base, reportStatus: "Godkänd" })).toMatchObject({ ok: false, errors: { reportStatus: "invalid_choice" } });
  });

  it("text is trimmed and limited to the field's length", () => {
    const text: AnswerField = { key: "t", type: "text", label: { sv: "", en: "" }, maxLength: 5 };
    expect(validateAnswer([text], { t: "  abc  " })).toMatchObject({ ok: true, value: { t: "abc" } });
    expect(validateAnswer([text], { t: "abcdef" })).toMatchObject({ ok: false, errors: { t: "too_long" } });
  });

  it("documents must be PDFs (by their first bytes) of at most 5 MB", () => {
    const fields = fieldsOf("af.action_plan");
    const ok = validateAnswer(fields, { plan: pdf() });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(Object.keys(ok.files)).toEqual(["plan"]);
    const renamed = { filename: "plan.pdf", size: 10, bytes: new TextEncoder().encode("<html>hej</html>") };
    expect(validateAnswer(fields, { plan: renamed })).toMatchObject({ ok: false, errors: { plan: "not_pdf" } });
    expect(validateAnswer(fields, { plan: pdf(maxDocumentBytes + 1) })).toMatchObject({ ok: false, errors: { plan: "file_too_large" } });
    expect(validateAnswer(fields, { plan: "plan.pdf" })).toMatchObject({ ok: false, errors: { plan: "not_pdf" } });
    expect(isPdf(new TextEncoder().encode("%PDF"))).toBe(false);
  });
});

describe("validateAnswer: whole items", () => {
  it("answers 'days used in JOB' with a number within 0–450 and an optional date", () => {
    const fields = fieldsOf("af.days_used_job");
    expect(validateAnswer(fields, { daysUsed: "312", countedTo: "2026-11-20" })).toEqual({ ok: true, value: { daysUsed: 312, countedTo: "2026-11-20" }, files: {} });
    expect(validateAnswer(fields, { daysUsed: "312" })).toEqual({ ok: true, value: { daysUsed: 312 }, files: {} });
    expect(validateAnswer(fields, { countedTo: "2026-11-20" })).toEqual({ ok: false, errors: { daysUsed: "required" } });
    expect(validateAnswer(fields, { daysUsed: "500", countedTo: "igår" })).toEqual({ ok: false, errors: { daysUsed: "too_large", countedTo: "invalid_date" } });
  });

  it("refuses fields the item does not have", () => {
    expect(validateAnswer(fieldsOf("af.planning_meeting"), { nextMeetingOn: "2026-12-03", note: "kl. 10" })).toEqual({ ok: false, errors: { note: "unknown_field" } });
  });

  it("a partial release needs no required field but at least one", () => {
    const fields = fieldsOf("af.activity_report");
    expect(validateAnswer(fields, { jobsApplied: "4" }, { partial: true })).toMatchObject({ ok: true, value: { jobsApplied: 4 } });
    expect(validateAnswer(fields, {}, { partial: true })).toMatchObject({ ok: false, errors: { period: "empty_answer" } });
    expect(validateAnswer(fields, { jobsApplied: "fyra" }, { partial: true })).toMatchObject({ ok: false, errors: { jobsApplied: "not_a_number" } });
  });

  it("every catalogue item accepts a complete, well-typed answer", () => {
    const sample = (field: AnswerField) => {
      switch (field.type) {
        case "number":
          return String(field.min ?? 1);
        case "date":
          return "2026-11-02";
        case "period":
          return { from: "2026-11-02", to: "" };
        case "boolean":
          return "yes";
        case "choice":
          return field.options[0]!.value;
        case "text":
          return "x";
        case "document":
          return pdf();
      }
    };
    for (const item of catalogue) {
      const result = validateAnswer(item.answer, Object.fromEntries(item.answer.map((field) => [field.key, sample(field)])));
      expect(result.ok, item.code).toBe(true);
    }
  });
});

describe("isStoredAnswer", () => {
  it("accepts what validation produced and rejects anything shaped otherwise", () => {
    const fields = fieldsOf("af.days_used_job");
    expect(isStoredAnswer(fields, { daysUsed: 312, countedTo: "2026-11-20" })).toBe(true);
    expect(isStoredAnswer(fields, { daysUsed: "312" })).toBe(false);
    expect(isStoredAnswer(fields, { other: 1 })).toBe(false);
    expect(isStoredAnswer(fields, null)).toBe(false);
  });
});
