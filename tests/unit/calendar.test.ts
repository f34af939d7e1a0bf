import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  isClockTime,
  isoWeek,
  isWorkingDay,
  swedishClock,
  swedishDays,
  swedishEndOfDay,
  swedishHolidays,
  swedishInstant,
  swedishMidnight,
  swedishToday,
  weekStart,
  workingDaysBefore,
} from "~/lib/calendar";
import { DomainError } from "~/lib/errors";

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

describe("a time of day in Sweden (meetings)", () => {
  const at = (date: string, time: string) => swedishInstant(date, time).toISOString();

  it("is UTC+1 in winter and UTC+2 in summer", () => {
    expect(at("2027-01-15", "09:00")).toBe("2027-01-15T08:00:00.000Z");
    expect(at("2027-07-01", "09:00")).toBe("2027-07-01T07:00:00.000Z");
    expect(at("2027-07-01", "00:00")).toBe("2027-06-30T22:00:00.000Z");
    expect(at("2027-12-31", "23:59")).toBe("2027-12-31T22:59:00.000Z");
  });

  it("keeps 09:00 at 09:00 on both sides of both 2027 clock changes", () => {
    // Summer time begins at 02:00 on Sunday 28 March 2027 and ends at 03:00 on Sunday 31 October.
    expect(at("2027-03-26", "09:00")).toBe("2027-03-26T08:00:00.000Z");
    expect(at("2027-03-29", "09:00")).toBe("2027-03-29T07:00:00.000Z");
    expect(at("2027-10-29", "09:00")).toBe("2027-10-29T07:00:00.000Z");
    expect(at("2027-11-01", "09:00")).toBe("2027-11-01T08:00:00.000Z");
  });

  it("gets the hours around the spring change right", () => {
    expect(at("2027-03-28", "00:00")).toBe("2027-03-27T23:00:00.000Z");
    expect(at("2027-03-28", "01:59")).toBe("2027-03-28T00:59:00.000Z");
    expect(at("2027-03-28", "03:00")).toBe("2027-03-28T01:00:00.000Z");
    expect(at("2027-03-28", "09:00")).toBe("2027-03-28T07:00:00.000Z");
  });

  it("refuses a time the clocks skip in spring, with a code the user can read", () => {
    for (const time of ["02:00", "02:30", "02:59"]) {
      const attempt = () => swedishInstant("2027-03-28", time);
      expect(attempt).toThrow(DomainError);
      expect(attempt).toThrow(expect.objectContaining({ code: "meetings.time_in_clock_change", status: 400 }));
    }
    // The same hour on the day before and the Sunday a week later exists.
    expect(at("2027-03-27", "02:30")).toBe("2027-03-27T01:30:00.000Z");
    expect(at("2027-04-04", "02:30")).toBe("2027-04-04T00:30:00.000Z");
  });

  it("takes the first of the two 02:30s in autumn (still summer time), and the hours around it", () => {
    expect(at("2027-10-31", "01:59")).toBe("2027-10-30T23:59:00.000Z");
    expect(at("2027-10-31", "02:00")).toBe("2027-10-31T00:00:00.000Z");
    expect(at("2027-10-31", "02:30")).toBe("2027-10-31T00:30:00.000Z");
    expect(at("2027-10-31", "02:59")).toBe("2027-10-31T00:59:00.000Z");
    expect(at("2027-10-31", "03:00")).toBe("2027-10-31T02:00:00.000Z");
    // Both instants show 02:30 on a Swedish clock; the answer is the earlier one.
    expect(swedishClock(new Date("2027-10-31T01:30:00Z"))).toBe("02:30");
  });

  it("reads back as the same date and time every half hour of the weeks around both changes", () => {
    for (const [from, to] of [["2027-03-25", "2027-03-31"], ["2027-10-28", "2027-11-03"]]) {
      for (let day = from!; day <= to!; day = addDays(day, 1)) {
        for (let minutes = 0; minutes < 24 * 60; minutes += 30) {
          const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
          if (day === "2027-03-28" && time.startsWith("02:")) continue;
          const instant = swedishInstant(day, time);
          expect([swedishToday(instant), swedishClock(instant)]).toEqual([day, time]);
        }
      }
    }
  });

  it("throws a plain error (not a user's mistake) for a malformed time or date", () => {
    for (const [date, time] of [["2027-05-10", "9:00"], ["2027-05-10", "24:00"], ["2027-05-10", "09:00:00"], ["2027-02-30", "09:00"], ["10/05/2027", "09:00"]]) {
      const attempt = () => swedishInstant(date!, time!);
      expect(attempt).toThrow(Error);
      expect(attempt).not.toThrow(DomainError);
    }
  });

  it("shows an instant as HH:MM on a Swedish clock, midnight as 00:00", () => {
    expect(swedishClock(new Date("2027-01-15T08:00:00Z"))).toBe("09:00");
    expect(swedishClock(new Date("2027-07-01T07:45:59Z"))).toBe("09:45");
    expect(swedishClock(new Date("2027-06-30T22:00:00Z"))).toBe("00:00");
    expect(swedishClock(new Date("2027-12-31T22:59:00Z"))).toBe("23:59");
  });

  it("knows what a time of day looks like", () => {
    for (const good of ["00:00", "09:05", "12:30", "23:59"]) expect(isClockTime(good)).toBe(true);
    for (const bad of ["24:00", "9:00", "09:60", "09:00:00", " 09:00", "0900", "09.00", "", "ab:cd"]) expect(isClockTime(bad)).toBe(false);
  });
});
