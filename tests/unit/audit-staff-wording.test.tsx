import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import { auditActions, auditBases, auditOutcomes, auditReasons, auditResourceTypes } from "~/access/audit/kinds";
import { AuditTable } from "~/components/audit/AuditTable";
import { i18nConfig } from "~/i18n/resources.server";
import sv from "~/i18n/locales/sv/audit.json";
import en from "~/i18n/locales/en/audit.json";
import { describeAction, describeBasis } from "~/services/audit/export";
import { staffAction, staffBasis, staffReason, staffResource, type StaffWords } from "~/services/audit/staff-words";

/**
 * The auditor reads the trail in staff words: every kind of event, outcome, reason and method
 * has its own wording in Swedish and English, which is neither the client's ("hanterade dina
 * uppgifter") nor the raw code ("auth.sign_in", "totp").
 */
const locales = { sv, en } as const;
const languages = ["sv", "en"] as const;

/** The text at a key in the locale file itself, so a missing English text is not hidden by the Swedish fallback. */
function lookup(language: "sv" | "en", words: StaffWords): string | undefined {
  const value = words.key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], locales[language]);
  if (typeof value !== "string") return undefined;
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => words.values?.[name] ?? "");
}

const fold = (text: string) => text.trim().toLocaleLowerCase("sv");

/** A code with a dot or an underscore must not show through; a plain word ("notice") may be a word. */
function expectNotCode(text: string, code: string) {
  if (/[._]/.test(code)) expect(text).not.toContain(code);
  else expect(text).not.toBe(code);
}

describe("the auditor's words for the trail", () => {
  for (const action of auditActions) {
    it(`${action} has staff wording in both languages, not the client's and not the code`, () => {
      const words = staffAction(action);
      expect(words.key).not.toBe("staff.unknownAction");
      for (const language of languages) {
        const text = lookup(language, words);
        expect(text, `${language}: ${words.key}`).toBeTruthy();
        expect(fold(text!)).not.toBe(fold(describeAction(action, language)));
        expectNotCode(text!, action);
        expect(fold(text!)).not.toContain("dina uppgifter");
        expect(fold(text!)).not.toContain("your information");
      }
    });
  }

  it("a glimpse of a case (list line, notice, search) has its own staff wording", () => {
    for (const resourceType of ["case_list_item", "notice", "case_lookup"]) {
      for (const language of languages) {
        const text = lookup(language, staffAction("case.view", resourceType));
        expect(text).toBeTruthy();
        expect(fold(text!)).not.toBe(fold(describeAction("case.view", language, resourceType)));
        expectNotCode(text!, resourceType);
      }
    }
  });

  it("every outcome, reason and method is worded, not shown as its code", () => {
    for (const language of languages) {
      for (const outcome of auditOutcomes) {
        const text = lookup(language, { key: `outcomes.${outcome}` });
        expect(text, `${language}: ${outcome}`).toBeTruthy();
        expectNotCode(text!, outcome);
      }
      for (const reason of auditReasons) {
        const words = staffReason(reason);
        expect(words.key).not.toBe("staff.unknownReason");
        const text = lookup(language, words);
        expect(text, `${language}: ${reason}`).toBeTruthy();
        expectNotCode(text!, reason);
      }
      for (const resourceType of auditResourceTypes) {
        const text = lookup(language, staffResource(resourceType));
        expect(text, `${language}: ${resourceType}`).toBeTruthy();
        expectNotCode(text!, resourceType);
      }
    }
  });

  it("every basis is worded for staff, not for the client", () => {
    // Every basis the gate may record (its list), so that a new one cannot show as "Other basis (code)".
    const named = auditBases.filter((basis) => basis !== "consent" && basis !== "legal");
    expect(named).toEqual(expect.arrayContaining(["own_organization", "no_client_data", "functional_mailbox", "case_lead"]));
    const bases = [...named, "consent:5b0c3a52-0000-4000-8000-000000000000", "legal:SFS 2001:453 10 kap. 18 a §", null];
    for (const language of languages) {
      for (const basis of bases) {
        expect(staffBasis(basis).key, `${basis}`).not.toBe("staff.bases.other");
        const text = lookup(language, staffBasis(basis));
        expect(text, `${language}: ${basis}`).toBeTruthy();
        expect(fold(text!)).not.toBe(fold(describeBasis(basis, language)));
        expect(text).not.toMatch(/ditt samtycke|your consent|du själv|you yourself/i);
      }
    }
  });

  it("an unknown code is named, not hidden", () => {
    expect(lookup("sv", staffAction("future.kind"))).toBe("Okänd händelse (future.kind)");
    expect(lookup("en", staffReason("future_reason"))).toBe("unknown reason (future_reason)");
  });
});

/** Every action name written to the trail in the code, so a new one cannot go unworded. */
function actionsInCode(): Set<string> {
  const found = new Set<string>();
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
    });
  for (const file of files("app")) {
    if (file.includes(`${path.sep}i18n${path.sep}`)) continue;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      // `action: "x.y"`, `action: cond ? "x.y" : "x.z"`, `reader.require("x.y", …)`, `reader.check("x.y", …)`.
      const named = /\baction\??:\s*([^,}]*)/.exec(line)?.[1] ?? /reader\.(?:require|check)\(\s*("[^"]+")/.exec(line)?.[1];
      for (const literal of named?.matchAll(/"([a-z_]+(?:\.[a-z_]+)+)"/g) ?? []) found.add(literal[1]!);
    }
  }
  return found;
}

describe("the list of event kinds", () => {
  it("holds every action name the code writes to the trail", () => {
    const inCode = actionsInCode();
    expect(inCode.size).toBeGreaterThan(30);
    const listed = new Set<string>(auditActions);
    expect([...inCode].filter((action) => !listed.has(action))).toEqual([]);
  });
});

describe("the auditor's table", () => {
  const event = (action: string, outcome: string, reason: string | null, basis: string | null) => ({
    id: action,
    occurredAt: "2026-11-30T10:00:00.000Z",
    officer: { name: "Lena Åberg", title: "Revisor" },
    unit: null,
    action,
    outcome,
    reason,
    basis,
    caseReference: null,
    client: null,
    category: null,
    resourceType: null,
    reads: [],
  });

  async function render(language: "sv" | "en") {
    const i18n = createInstance();
    await i18n.use(initReactI18next).init({ ...i18nConfig, lng: language });
    return renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <AuditTable
          events={[
            event("auth.sign_in", "success", "totp", null),
            event("case.manage", "success", null, "own_organization"),
            event("case.data.view", "denied", "no_consent", null),
            event("plan.activity.propose", "success", null, "own_proposal"),
          ]}
        />
      </I18nextProvider>,
    );
  }

  it("shows staff words, not codes or the client's words, in Swedish", async () => {
    const html = await render("sv");
    expect(html).toContain("Inloggad med tvåstegsverifiering");
    expect(html).toContain("Lyckades: med engångskod från app (TOTP)");
    expect(html).toContain("Nekad: inget giltigt samtycke");
    expect(html).toContain("Föreslog en aktivitet till en annan organisation");
    expect(html).not.toMatch(/auth\.sign_in|case\.manage|no_consent|Lyckades totp|hanterade dina uppgifter|ändrade i din plan/);
  });

  it("and in English", async () => {
    const html = await render("en");
    expect(html).toContain("Signed in with two-step verification");
    expect(html).toContain("Succeeded: with a one-time code from an app (TOTP)");
    expect(html).toContain("Denied: no valid consent");
    expect(html).not.toMatch(/auth\.sign_in|case\.manage|no_consent|handled your information|changed your plan/);
  });
});
