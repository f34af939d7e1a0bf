import { describe, expect, it } from "vitest";
import { formatPersonnummer, luhnCheckDigit, parsePersonnummer } from "~/lib/personnummer";

const today = new Date("2026-11-21T12:00:00Z");

describe("parsePersonnummer", () => {
  it.each([
    ["198804129826", "198804129826"],
    ["19880412-9826", "198804129826"],
    ["8804129826", "198804129826"],
    ["880412-9826", "198804129826"],
    [" 880412 - 9826 ", "198804129826"],
    ["811218-9876", "198112189876"],
  ])("accepts %s as %s", (input, normalized) => {
    expect(parsePersonnummer(input, today)).toMatchObject({ ok: true, normalized, coordination: false });
  });

  it("reads '+' as a person aged 100 or more", () => {
    expect(parsePersonnummer("250101+9800", today)).toMatchObject({ ok: false, reason: "checksum" });
    const check = luhnCheckDigit("250101980");
    expect(parsePersonnummer(`250101+980${check}`, today)).toMatchObject({ ok: true, normalized: `19250101980${check}` });
    expect(parsePersonnummer(`250101-980${check}`, today)).toMatchObject({ ok: true, normalized: `20250101980${check}` });
  });

  it("accepts coordination numbers (day + 60)", () => {
    const check = luhnCheckDigit("880472980");
    expect(parsePersonnummer(`880472-980${check}`, today)).toMatchObject({
      ok: true,
      coordination: true,
      birthDate: "1988-04-12",
    });
  });

  it.each([
    ["19880412982", "format"],
    ["1988-04-12-9826", "format"],
    ["abcdefghij", "format"],
    ["19880230-9826", "date"],
    ["19881312-9826", "date"],
    ["20300101-9800", "date"],
    ["19880412-9827", "checksum"],
  ])("rejects %s (%s)", (input, reason) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: false, reason });
  });

  it("formats the normalised form with a separator", () => {
    expect(formatPersonnummer("198804129826")).toBe("19880412-9826");
  });
});
