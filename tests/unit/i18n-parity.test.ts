import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve("app/i18n/locales");
const languages = readdirSync(root);

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

const load = (language: string, file: string) => JSON.parse(readFileSync(path.join(root, language, file), "utf8"));

describe("locale files", () => {
  it("exist for Swedish and English with the same files", () => {
    expect(languages.sort()).toEqual(["en", "sv"]);
    expect(readdirSync(path.join(root, "en")).sort()).toEqual(readdirSync(path.join(root, "sv")).sort());
  });

  for (const file of readdirSync(path.join(root, "sv"))) {
    it(`${file} has the same keys in both languages, none empty`, () => {
      const sv = load("sv", file);
      const en = load("en", file);
      expect(keys(en).sort()).toEqual(keys(sv).sort());
      for (const [language, data] of [["sv", sv], ["en", en]] as const) {
        const empty = keys(data).filter((key) => {
          const value = key.split(".").reduce((node: any, part) => node?.[part], data);
          return typeof value !== "string" || value.trim() === "";
        });
        expect(empty, `empty or non-text values in ${language}/${file}`).toEqual([]);
      }
    });
  }
});
