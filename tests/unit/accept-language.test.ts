import { describe, expect, it } from "vitest";
import { preferredLanguage } from "~/i18n/accept-language";
import { supportedLanguages } from "~/i18n/config";

const pick = (header: string | null | undefined) => preferredLanguage(header, supportedLanguages);

describe("the first supported language in the browser's ranked Accept-Language list", () => {
  it.each([
    // A German browser that also reads English gets English, not the Swedish fallback.
    ["de-DE,de;q=0.9,en;q=0.8", "en"],
    ["en-GB", "en"],
    ["en-US,en;q=0.9", "en"],
    ["nb,sv;q=0.5", "sv"],
    ["nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5,sv;q=0.4", "en"],
    ["sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", "sv"],
    ["EN-gb", "en"],
    // By weight, not by the order written; equal weights keep the order written.
    ["de,sv;q=0.8,en;q=0.9", "en"],
    ["sv;q=0.5,en;q=0.5", "sv"],
    ["en;q=0.5,sv;q=0.5", "en"],
    ["en;q=1.0,sv", "en"],
    // Spaces around the separators are allowed.
    [" fi , en ; q=0.3 ", "en"],
  ])("%s → %s", (header, expected) => {
    expect(pick(header)).toBe(expected);
  });

  it("q=0 means not acceptable", () => {
    expect(pick("en;q=0")).toBeNull();
    expect(pick("en;q=0.000,sv;q=0.1")).toBe("sv");
    expect(pick("en;q=0,*")).toBe("sv");
    expect(pick("sv;q=0,*;q=0.5")).toBe("en");
    // Only the tag itself is excluded: English for Britain is still acceptable.
    expect(pick("en-US;q=0,en-GB;q=0.5")).toBe("en");
  });

  it("takes '*' for any language not named by another range", () => {
    expect(pick("fr,*;q=0.5")).toBe("sv");
    expect(pick("sv;q=0.1,*;q=0.5")).toBe("en");
    expect(pick("*")).toBe("sv");
  });

  it("answers null when nothing supported is asked for, or there is no header", () => {
    expect(pick(undefined)).toBeNull();
    expect(pick(null)).toBeNull();
    expect(pick("")).toBeNull();
    expect(pick("de-DE")).toBeNull();
    expect(pick("de,fr;q=0.5")).toBeNull();
    // "se" is Northern Sami, "svk" another language: neither is Swedish.
    expect(pick("se,svk")).toBeNull();
  });

  it("reads a malformed header without throwing, and a header of nothing readable as no choice", () => {
    for (const header of ["en;q=2,sv;q=0.1", "en;q=abc,sv;q=0.1", "e_n,sv;q=0.1", ";q=0.9,,en;q=0.2", "\u0000", ";;;", "q=1"]) {
      expect([null, "sv", "en"]).toContain(pick(header));
    }
    expect(pick(";q=0.9,,en;q=0.2")).toBe("en");
    expect(pick(";;;")).toBeNull();
  });
});
