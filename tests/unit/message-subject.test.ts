import { describe, expect, it } from "vitest";
import { containsIdentityNumber } from "~/services/messages/subject";

// Eva's test number (Skatteverket's test series), 1988-04-12, and a coordination number.
const today = new Date("2026-11-30T12:00:00Z");

describe("containsIdentityNumber (the envelope's clear text)", () => {
  it.each([
    "Eva 19880412-9826",
    "880412-9826 om planering",
    "880412+9826",
    "8804129826",
    "198804129826",
    "1988 04 12 9826",
    "1988-04-12-9826",
    "1988.04.12.9826",
    "88.04.12.9826",
    "1988/04/12-9826",
    "19880412_9826",
    "19880412:9826",
    "19880412-98 26",
    "19880412-9 826",
    "1988  04 12-9826",
    "1 9 8 8 0 4 1 2 9 8 2 6",
    "samordningsnummer 880472-9829",
    // Across a line break, with commas, brackets and wider gaps, digits spaced in runs.
    "Eva 19880412\n9826",
    "Eva 19880412\r\n9826",
    "880412\n9826",
    "Gäller person 19880412\n9826 enligt lag",
    "Eva 1988 - 04 - 12 - 9826",
    "Eva 880412,9826",
    "Eva (880412)-9826",
    "Eva 8 8 0 4 1 2 - 9 8 2 6",
    "Eva 8 8 0 4 1 2 9 8 2 6",
    "fel kontrollsiffra 880412-9827",
    // Other dashes, invisible characters, other digits.
    "19880412\u20109826",
    "19880412\u20139826",
    "19880412\u22129826",
    "19880412\uFF0D9826",
    "1988\u200B0412-9826",
    "1988\u200D0412\u2060-9826",
    "19880412\u00AD-9826",
    "1988\u00A00412-9826",
    "\uFF11\uFF19\uFF18\uFF18\uFF10\uFF14\uFF11\uFF12\uFF0D\uFF19\uFF18\uFF12\uFF16",
    "\u0661\u0669\u0668\u0668\u0660\u0664\u0661\u0662-\u0669\u0668\u0662\u0666",
    "\u0967\u096F\u096E\u096E\u0966\u096A\u0967\u0968-\u096F\u096E\u0968\u096C",
    "\u{1D7CF}\u{1D7D7}\u{1D7D6}\u{1D7D6}\u{1D7CE}\u{1D7D2}\u{1D7CF}\u{1D7D0}-\u{1D7D7}\u{1D7D6}\u{1D7D0}\u{1D7D4}",
    "\u00B9\u2079\u2078\u2078\u2070\u2074\u00B9\u00B2-\u2079\u2078\u00B2\u2076",
    "\u2460\u2468\u2467\u2467\u24EA\u2463\u2460\u2461-\u2468\u2467\u2461\u2465",
  ])("finds %j", (text) => {
    expect(containsIdentityNumber(text, today)).toBe(true);
  });

  it.each(["Dnr 2026-1234", "Ärende SAM-00001", "Möte 2026-12-01 kl 10.00", "Planeringssamtal i december", "20261301-1234", "Ref 12345678901234", "Veckorapport 3", "Af-2026-4471"])(
    "lets %j through",
    (text) => {
      expect(containsIdentityNumber(text, today)).toBe(false);
    },
  );
});
