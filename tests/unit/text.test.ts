import { describe, expect, it } from "vitest";
import { cleanStrings, cleanText } from "~/lib/text";

const c0ExceptTabLfCr = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("cleanText", () => {
  it("leaves ordinary Swedish text, tabs, line breaks, quotes, emoji and spaces alone", () => {
    const text = '  Åsa Öberg-Ärlig, "Ekan"\t\r\nrad två\n§ 12 kap.\u00A02 § 😀 \uFFFD  ';
    expect(cleanText(text)).toBe(text);
    expect(cleanText("")).toBe("");
  });

  it("turns Word's soft line break (U+000B) and page break (U+000C) into a line break", () => {
    expect(cleanText("Rad ett\u000BRad två")).toBe("Rad ett\nRad två");
    expect(cleanText("Sida ett\u000CSida två")).toBe("Sida ett\nSida två");
  });

  it("removes the other C0 controls and DEL", () => {
    expect(cleanText("a\u0000b\u0001c\u0008d\u000Ee\u001Bf\u001Fg\u007Fh")).toBe("abcdefgh");
    for (let code = 0; code < 0x20; code++) {
      const out = cleanText(`x${String.fromCharCode(code)}y`);
      expect(out).not.toMatch(c0ExceptTabLfCr);
    }
    expect(cleanText("\u0000\u0001\u007F")).toBe("");
  });

  it("replaces lone surrogates with U+FFFD and keeps pairs", () => {
    expect(cleanText("a\uD800b")).toBe("a\uFFFDb");
    expect(cleanText("a\uDC00b")).toBe("a\uFFFDb");
    expect(cleanText("end\uD83D")).toBe("end\uFFFD");
    expect(cleanText("\uDE00start")).toBe("\uFFFDstart");
    expect(cleanText("\uDE00\uD83D")).toBe("\uFFFD\uFFFD");
    expect(cleanText("😀\uD83D😀")).toBe("😀\uFFFD😀");
    expect(cleanText("a\uD800b")).not.toMatch(loneSurrogate);
    // The result encodes to UTF-8 and back unchanged.
    const out = cleanText("x\uD800\uDBFF\uDC00\uDFFFy");
    expect(new TextDecoder().decode(new TextEncoder().encode(out))).toBe(out);
  });

  it("replaces the noncharacters U+FFFE and U+FFFF, which XML 1.0 does not allow", () => {
    expect(cleanText("a\uFFFEb\uFFFFc")).toBe("a\uFFFDb\uFFFDc");
  });

  it("handles very long text", () => {
    const long = "Arbetsförmedlingen \u0001".repeat(50_000);
    const out = cleanText(long);
    expect(out).toHaveLength("Arbetsförmedlingen ".length * 50_000);
    expect(out).not.toMatch(c0ExceptTabLfCr);
  });
});

describe("cleanStrings", () => {
  it("cleans every string at any depth and keeps the shape, keys and other values", () => {
    const when = new Date("2026-05-01T00:00:00Z");
    const input = { name: "Eva\u0000", list: ["a\u000Bb", 3, null, true, { deep: "\uD800" }], when, n: 7 };
    const out = cleanStrings(input);
    expect(out).toEqual({ name: "Eva", list: ["a\nb", 3, null, true, { deep: "\uFFFD" }], when, n: 7 });
    expect(out.when).toBe(when);
    expect(input.name).toBe("Eva\u0000");
  });

  it("takes another cleaner", () => {
    expect(cleanStrings({ a: ["x"] }, (text) => text.toUpperCase())).toEqual({ a: ["X"] });
  });
});
