import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateAnswer, type AnswerField } from "~/services/requests/answers";
import { refusalCode, requestStatuses } from "~/services/requests/states";

// Every refusal the request services can give reaches the officer as a translated sentence.
const load = (language: string) => JSON.parse(readFileSync(`app/i18n/locales/${language}/requests.json`, "utf8"));
const dir = "app/services/requests";
const sources = readdirSync(dir).map((file) => readFileSync(path.join(dir, file), "utf8"));
// Strings "request.*" that are not error codes: policy and audit actions, notification kinds.
const notErrors = new Set(["create", "manage", "handle", "release", "read", "submit", "save_draft", "withdraw", "claim", "unclaim", "answer", "submitted"].map((name) => `request.${name}`));
const thrown = [...new Set(sources.flatMap((source) => [...source.matchAll(/"(request\.[a-z_]+)"/g)].map((match) => match[1]!)))].filter((code) => !notErrors.has(code));

describe("request messages", () => {
  it("finds the codes in the services", () => {
    expect(thrown).toEqual(expect.arrayContaining(["request.outside_consent", "request.consent_revoked", "request.already_claimed", "request.withdrawn"]));
  });

  for (const language of ["sv", "en"]) {
    it(`has a ${language} text for every error code and every state's refusal`, () => {
      const errors = load(language).errors.request as Record<string, string>;
      const codes = [...thrown, ...requestStatuses.flatMap((status) => (["submit", "claim", "unclaim", "answer", "withdraw"] as const).map((event) => refusalCode(status, event)))];
      for (const code of new Set(codes)) expect(errors[code.slice("request.".length)], `${language}: ${code}`).toBeTruthy();
    });

    it(`has a ${language} text for every field error`, () => {
      const fieldErrors = load(language).fieldErrors as Record<string, string>;
      const field: AnswerField = { key: "x", type: "number", label: { sv: "", en: "" }, min: 0, max: 1, integer: true, required: true };
      const produced = ["", "a", "0.5", "-1", "2"].map((raw) => validateAnswer([field], { x: raw })).flatMap((result) => (result.ok ? [] : Object.values(result.errors)));
      for (const code of [...produced, "invalid_date", "period_from_required", "period_order", "invalid_choice", "invalid_boolean", "too_long", "not_pdf", "file_too_large", "unknown_field", "empty_answer"]) {
        expect(fieldErrors[code], `${language}: ${code}`).toBeTruthy();
      }
    });
  }
});
