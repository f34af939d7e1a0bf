import { describe, expect, it } from "vitest";
import { formatPersonnummer, luhnCheckDigit, parsePersonnummer } from "~/lib/personnummer";

// The reference date of every table: noon on 21 November 2026 (the same day in Sweden).
const today = new Date("2026-11-21T12:00:00Z");

// Every number below is written out in full; its check digit was computed independently of the
// module, so a broken Luhn sum fails here too. Sources: Skatteverket's open data set
// "Testpersonnummer" (birth numbers 98xx from 1890 on, and the older 2000–2009 series), the example
// in Skatteverket's SKV 707 (701063-2391), the test lists of the personnummer organisation's
// libraries (github.com/personnummer/meta, testdata), and the demo world (db/seed.ts).

describe("the written forms", () => {
  it.each([
    ["198804129826", "198804129826"],
    ["19880412-9826", "198804129826"],
    ["880412-9826", "198804129826"],
    ["8804129826", "198804129826"],
    ["  880412-9826\t", "198804129826"],
    [" 880412 - 9826 ", "198804129826"],
    ["19750101-9843", "197501019843"],
    ["811218-9876", "198112189876"],
  ])("accepts %j as %s", (input, normalized) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: true, normalized, coordination: false, birthDate: `${normalized.slice(0, 4)}-${normalized.slice(4, 6)}-${normalized.slice(6, 8)}` });
  });

  it.each([
    ["19880412982", "eleven digits"],
    ["1988041298266", "thirteen digits"],
    ["1988-04-12-9826", "dashes in the date"],
    ["880412--9826", "two separators"],
    ["880412/9826", "not a separator"],
    ["880412 9826", "a blank is not a separator (the century sign would be lost)"],
    ["19090527 1474", "a blank is not a separator (personnummer/meta)"],
    ["abcdefghij", "letters"],
    ["20000101-T220", "an interim number (personnummer/meta), not a personnummer"],
    ["", "nothing"],
    ["17880412-9826", "a century other than 18, 19, 20"],
    ["21000101-9809", "a century other than 18, 19, 20"],
    ["19880412+9826", "'+' in 12 digits for someone aged 38"],
  ])("refuses %j as format (%s)", (input) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: false, reason: "format" });
  });
});

describe("Skatteverket's test numbers and the personnummer organisation's lists", () => {
  it.each([
    // Testpersonnummer (Skatteverket, open data): the first entry, and the 2000–2009 series.
    ["189001019802", "189001019802", "1890-01-01"],
    ["18900101-9802", "189001019802", "1890-01-01"],
    ["900101+9802", "189001019802", "1890-01-01"],
    ["200001012384", "200001012384", "2000-01-01"],
    ["200001317585", "200001317585", "2000-01-31"],
    ["200002292399", "200002292399", "2000-02-29"],
    ["000229-2399", "200002292399", "2000-02-29"],
    ["20001231-2393", "200012312393", "2000-12-31"],
    ["200006207096", "200006207096", "2000-06-20"],
    // personnummer/meta testdata, valid "ssn".
    ["090527+1474", "190905271474", "1909-05-27"],
    ["19090527+1474", "190905271474", "1909-05-27"],
    ["0905271474", "200905271474", "2009-05-27"], // no separator: under 100, so 2009
    ["791221+9990", "187912219990", "1879-12-21"],
    ["150914+9991", "191509149991", "1915-09-14"],
    ["760523-9917", "197605239917", "1976-05-23"],
    ["19670304-9988", "196703049988", "1967-03-04"],
    ["000716-9915", "200007169915", "2000-07-16"],
    ["8211059954", "198211059954", "1982-11-05"],
    ["901211-9948", "199012119948", "1990-12-11"],
    ["001209-9891", "200012099891", "2000-12-09"],
  ])("accepts %s as %s (born %s)", (input, normalized, birthDate) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: true, normalized, coordination: false, birthDate });
  });

  it.each([
    // personnummer/meta testdata, invalid "ssn" and "con".
    ["201509160006", "serial"],
    ["150916-0006", "serial"],
    ["200904179998", "checksum"],
    ["870704-9996", "checksum"],
    ["121120-9941", "checksum"],
    ["19870676-9971", "checksum"],
    ["950972-9980", "checksum"],
    ["390182-9913", "checksum"],
    ["121075-9984", "checksum"],
  ])("refuses %s (%s)", (input, reason) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: false, reason });
  });
});

describe("the birth number is 001–999 (SKV 704, SKV 707)", () => {
  it.each([
    ["880412-0007", "a personnummer whose check digit is right"],
    ["19880412-0007", "the same in 12 digits"],
    ["880472-0004", "a coordination number"],
    ["700060-0002", "a coordination number with an unknown date"],
  ])("refuses %s: %s", (input) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: false, reason: "serial" });
  });

  it("accepts 001 and 999", () => {
    expect(parsePersonnummer(`880412-001${luhnCheckDigit("880412001")}`, today)).toMatchObject({ ok: true });
    expect(parsePersonnummer(`880412-999${luhnCheckDigit("880412999")}`, today)).toMatchObject({ ok: true });
  });
});

describe("coordination numbers: day + 60, 00 for an unknown month, 60 for an unknown day (SKV 707)", () => {
  it.each([
    ["701063-2391", "197010632391", "1970-10-03"], // Skatteverket's own example
    ["200308659978", "200308659978", "2003-08-05"], // personnummer/meta "con"
    ["840682-9906", "198406829906", "1984-06-22"],
    ["570574-9959", "195705749959", "1957-05-14"],
    ["19730674-9982", "197306749982", "1973-06-14"],
    ["880472-9807", "198804729807", "1988-04-12"],
    ["000289-9805", "200002899805", "2000-02-29"], // a leap day, + 60
    ["700063-2393", "197000632393", null], // unknown month
    ["701060-2394", "197010602394", null], // unknown day
    ["700060-2396", "197000602396", null], // both unknown
    ["19700060-2396", "197000602396", null],
  ])("accepts %s as %s (born %s)", (input, normalized, birthDate) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: true, normalized, coordination: true, birthDate });
  });

  it.each([
    ["700192-9806", "day 92 (32 + 60)"],
    ["700092-9806", "day 92 with an unknown month"],
    ["700291-9806", "31 February + 60"],
    ["010289-9804", "29 February 2001 + 60"],
    ["701363-9809", "month 13"],
    ["20270160-9800", "in a month yet to come"],
  ])("refuses %s as date: %s", (input) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: false, reason: "date" });
  });

  it("still checks the Luhn digit over the day as written (+ 60)", () => {
    expect(parsePersonnummer("701063-2392", today)).toEqual({ ok: false, reason: "checksum" });
    expect(parsePersonnummer("700060-2395", today)).toEqual({ ok: false, reason: "checksum" });
  });
});

describe("an ordinary personnummer carries a real calendar date (folkbokföringslagen 18 §)", () => {
  it.each([
    ["700003-9805", "month 00 is only for coordination numbers"],
    ["701000-9806", "day 00 is only for coordination numbers"],
    ["19880230-9826", "30 February"],
    ["19880431-9826", "31 April"],
    ["19881312-9826", "month 13"],
    ["700132-9808", "day 32"],
    ["700145-9804", "day 45: neither a date nor a coordination day"],
    ["010229-9807", "29 February 2001"],
    ["000229+9808", "29 February 1900 (not a leap year)"],
    ["20300101-9800", "in the future"],
    ["20261122-9804", "tomorrow"],
  ])("refuses %s as date: %s", (input) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: false, reason: "date" });
  });

  it("accepts 29 February in a leap year and someone born today", () => {
    expect(parsePersonnummer("000229-9808", today)).toMatchObject({ ok: true, normalized: "200002299808" });
    expect(parsePersonnummer("20261121-9805", today)).toMatchObject({ ok: true, normalized: "202611219805" });
  });
});

describe("the century of a 10-digit number: '-' under 100 on the reference date, '+' 100 or older (18 §)", () => {
  it.each([
    ["261121-9805", "202611219805", "born today"],
    ["261121+9805", "192611219805", "100 years old today"],
    ["261122-9804", "192611229804", "99 years old, 100 tomorrow"],
    ["2611229804", "192611229804", "no separator reads as '-'"],
    ["261122+9804", "182611229804", "'+': 100 years earlier still"],
    ["270101-9800", "192701019800", "a date later in the year than today: last century"],
    ["19261121+9805", "192611219805", "12 digits with '+' for someone of 100"],
    ["19261122-9804", "192611229804", "12 digits carry the century; '-' is always fine"],
    ["260060-9800", "202600609800", "unknown month and day this year: may be born by now"],
    ["261160-9807", "202611609807", "unknown day this month"],
    ["261260-9806", "192612609806", "unknown day in a month yet to come: last century"],
  ])("reads %s as %s (%s)", (input, normalized) => {
    expect(parsePersonnummer(input, today)).toMatchObject({ ok: true, normalized });
  });

  it("refuses '+' in 12 digits for someone who turns 100 tomorrow", () => {
    expect(parsePersonnummer("19261122+9804", today)).toEqual({ ok: false, reason: "format" });
  });

  it("counts the reference date in Swedish time", () => {
    // 23:30 UTC on 21 November is 00:30 on 22 November in Stockholm: someone born on the 22nd is a newborn.
    const lateEvening = new Date("2026-11-21T23:30:00Z");
    expect(parsePersonnummer("261122-9804", lateEvening)).toMatchObject({ ok: true, normalized: "202611229804" });
    expect(parsePersonnummer("20261122-9804", lateEvening)).toMatchObject({ ok: true });
  });
});

describe("luhnCheckDigit", () => {
  it.each([
    ["880412982", 6],
    ["701063239", 1],
    ["900101980", 2],
    ["000229239", 9],
    ["150916000", 6],
  ])("of %s is %i", (nine, digit) => {
    expect(luhnCheckDigit(nine)).toBe(digit);
  });

  it("refuses a number with one digit changed", () => {
    expect(parsePersonnummer("19880412-9827", today)).toEqual({ ok: false, reason: "checksum" });
    expect(parsePersonnummer("19880412-9836", today)).toEqual({ ok: false, reason: "checksum" });
  });
});

describe("formatPersonnummer", () => {
  it("writes the normalised form with a separator", () => {
    expect(formatPersonnummer("198804129826")).toBe("19880412-9826");
    expect(formatPersonnummer("197000602396")).toBe("19700060-2396");
  });
});
