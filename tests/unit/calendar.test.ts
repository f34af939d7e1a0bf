import { describe, expect, it } from "vitest";
import { addDays, addMonths, isoWeek, isWorkingDay, swedishDays, swedishEndOfDay, swedishHolidays, swedishMidnight, swedishToday, weekStart, workingDaysBefore } from "~/lib/calendar";

describe("Swedish working days", () => {
  it("knows the holidays of 2026", () => {
    expect([...swedishHolidays(2026)].sort()).toEqual(
      ["2026-01-01", "2026-01-06", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-06-06", "2026-06-19", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31"].sort(),
    );
  });

  it("skips weekends and holidays", () => {
    expect(isWorkingDay("2026-11-23")).toBe(true);
    expect(isWorkingDay("2026-11-21")).toBe(false);
    expect(isWorkingDay("2026-12-24")).toBe(false);
  });

  it("counts three working days back over a weekend and over Christmas", () => {
    expect(workingDaysBefore("2026-11-25", 3)).toBe("2026-11-20");
    expect(workingDaysBefore("2026-12-28", 3)).toBe("2026-12-21");
    expect(workingDaysBefore("2026-04-07", 3)).toBe("2026-03-31");
  });

  it("finds ISO weeks", () => {
    expect(weekStart("2026-11-21")).toBe("2026-11-16");
    expect(isoWeek("2026-11-21")).toBe(47);
    expect(isoWeek("2027-01-01")).toBe(53);
    expect(isoWeek("2026-01-01")).toBe(1);
  });
});

describe("Swedish days as periods", () => {
  it("begins a day at midnight in Sweden, in winter and in summer time", () => {
    expect(swedishMidnight("2026-01-15").toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(swedishMidnight("2026-07-01").toISOString()).toBe("2026-06-30T22:00:00.000Z");
  });

  it("gets the days the clocks change right", () => {
    // Summer time begins at 02:00 on 29 March 2026 and ends at 03:00 on 25 October 2026.
    expect(swedishMidnight("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(swedishMidnight("2026-03-30").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(swedishMidnight("2026-10-25").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(swedishMidnight("2026-10-26").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });

  it("turns a typed period into instants, both days included, and ignores what is not a date", () => {
    expect(swedishDays("2026-11-01", "2026-11-21")).toEqual({
      from: new Date("2026-10-31T23:00:00.000Z"),
      to: new Date("2026-11-21T23:00:00.000Z"),
    });
    // The day the clocks go back has 25 hours, all of them in the period.
    expect(swedishDays("2026-10-25", "2026-10-25")).toEqual({ from: new Date("2026-10-24T22:00:00.000Z"), to: new Date("2026-10-25T23:00:00.000Z") });
    expect(swedishDays("2026-02-30", "")).toEqual({ from: undefined, to: undefined });
    expect(swedishDays(null, "21/11/2026")).toEqual({ from: undefined, to: undefined });
  });
});

describe("the end of a Swedish day (a typed last day, inclusive)", () => {
  it("ends at 23:59:59.999 Swedish time in summer (CEST, UTC+2) and in winter (CET, UTC+1)", () => {
    expect(swedishEndOfDay("2027-06-30").toISOString()).toBe("2027-06-30T21:59:59.999Z");
    expect(swedishEndOfDay("2027-01-31").toISOString()).toBe("2027-01-31T22:59:59.999Z");
    expect(swedishEndOfDay("2026-12-31").toISOString()).toBe("2026-12-31T22:59:59.999Z");
  });

  it("gets the days the clocks change right", () => {
    // 2027: summer time begins at 02:00 on Sunday 28 March (a 23-hour day) and ends at 03:00 on
    // Sunday 31 October (a 25-hour day); 2026: 29 March and 25 October.
    expect(swedishEndOfDay("2027-03-27").toISOString()).toBe("2027-03-27T22:59:59.999Z");
    expect(swedishEndOfDay("2027-03-28").toISOString()).toBe("2027-03-28T21:59:59.999Z");
    expect(swedishEndOfDay("2027-03-28").getTime() + 1 - swedishMidnight("2027-03-28").getTime()).toBe(23 * 3_600_000);
    expect(swedishEndOfDay("2027-10-30").toISOString()).toBe("2027-10-30T21:59:59.999Z");
    expect(swedishEndOfDay("2027-10-31").toISOString()).toBe("2027-10-31T22:59:59.999Z");
    expect(swedishEndOfDay("2027-10-31").getTime() + 1 - swedishMidnight("2027-10-31").getTime()).toBe(25 * 3_600_000);
    expect(swedishEndOfDay("2026-03-29").toISOString()).toBe("2026-03-29T21:59:59.999Z");
    expect(swedishEndOfDay("2026-10-25").toISOString()).toBe("2026-10-25T22:59:59.999Z");
  });

  it("reads back as the same Swedish date on every day of 2026–2028, and the next millisecond is the next day", () => {
    for (let day = "2026-01-01"; day <= "2028-12-31"; day = addDays(day, 1)) {
      const end = swedishEndOfDay(day);
      expect(swedishToday(end)).toBe(day);
      expect(swedishToday(swedishMidnight(day))).toBe(day);
      expect(end.getTime() + 1).toBe(swedishMidnight(addDays(day, 1)).getTime());
    }
  });

  it("a UTC reading of the date would be wrong: 23:30 Swedish summer time is still 30 June in Sweden", () => {
    const lateEvening = new Date("2027-06-30T21:30:00Z");
    expect(swedishToday(lateEvening)).toBe("2027-06-30");
    expect(swedishToday(new Date("2027-06-30T22:30:00Z"))).toBe("2027-07-01");
  });
});

describe("months ahead", () => {
  it("keeps the day, or takes the last day of a shorter month", () => {
    expect(addMonths("2027-01-15", 6)).toBe("2027-07-15");
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("2026-12-31", 12)).toBe("2027-12-31");
    expect(addMonths("2027-03-31", -1)).toBe("2027-02-28");
  });
});
