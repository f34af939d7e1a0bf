import { describe, expect, it } from "vitest";
import { isoWeek, isWorkingDay, swedishHolidays, weekStart, workingDaysBefore } from "~/lib/calendar";

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
