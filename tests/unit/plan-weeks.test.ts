import { describe, expect, it } from "vitest";
import { weekFill } from "~/services/plan/weeks";

describe("weekFill", () => {
  it("adds the extents of activities running each week and marks under, full and over", () => {
    const weeks = weekFill([
      { startDate: "2026-11-16", endDate: "2026-12-06", extent: 50 },
      { startDate: "2026-11-23", endDate: "2026-11-29", extent: 50 },
      { startDate: "2026-11-30", endDate: "2026-12-13", extent: 75 },
    ]);
    expect(weeks.map((week) => [week.week, week.total, week.state])).toEqual([
      [47, 50, "under"],
      [48, 100, "full"],
      [49, 125, "over"],
      [50, 75, "under"],
    ]);
  });

  it("counts an activity in every week it touches, and shows empty weeks in the range", () => {
    const weeks = weekFill([{ startDate: "2026-11-22", endDate: "2026-11-23", extent: 20 }], "2026-11-16", "2026-12-06");
    expect(weeks.map((week) => week.total)).toEqual([20, 20, 0]);
    expect(weeks[2]!.state).toBe("empty");
  });

  it("is empty without activities or range", () => {
    expect(weekFill([])).toEqual([]);
  });
});
