import { describe, expect, it } from "vitest";
import { swedishEndOfDay } from "~/lib/calendar";
import { formatDate, formatDateTime, formatMonth } from "~/lib/format";

describe("the one date formatter shows dates as they are in Sweden", () => {
  it("shows a consent's last instant as the typed day, in summer and in winter, in both languages", () => {
    expect(formatDate(swedishEndOfDay("2027-06-30"), "sv", "long")).toBe("30 juni 2027");
    expect(formatDate(swedishEndOfDay("2027-06-30"), "en", "long")).toBe("30 June 2027");
    expect(formatDate(swedishEndOfDay("2027-06-30").toISOString(), "sv")).toBe("30 juni 2027");
    expect(formatDate(swedishEndOfDay("2027-01-31"), "sv", "long")).toBe("31 januari 2027");
    expect(formatDate(swedishEndOfDay("2027-01-31"), "en", "long")).toBe("31 January 2027");
    expect(formatDateTime(swedishEndOfDay("2027-06-30"), "sv")).toBe("30 juni 2027 23:59");
  });

  it("shows an instant by the Swedish clock, not UTC's", () => {
    // 00:30 on 1 July in Sweden is still 30 June in UTC.
    expect(formatDate("2027-06-30T22:30:00.000Z", "sv")).toBe("1 juli 2027");
    expect(formatDate("2027-01-31T23:30:00.000Z", "en", "long")).toBe("1 February 2027");
  });

  it("shows a plain calendar date as that date", () => {
    expect(formatDate("2027-06-30", "sv", "long")).toBe("30 juni 2027");
    expect(formatDate("2027-01-01", "en", "long")).toBe("1 January 2027");
    expect(formatMonth("2027-01-01", "sv")).toBe("jan. 27");
    expect(formatMonth("2027-01-01", "en")).toBe("Jan 27");
  });
});
