import { addDays, isoWeek, weekStart, type IsoDate } from "~/lib/calendar";

/** "Fyller veckan?": per week, the sum of the extents of the activities that run that week. */
export interface WeekFill {
  weekStart: IsoDate;
  week: number;
  total: number;
  state: "empty" | "under" | "full" | "over";
}

export interface ExtentActivity {
  startDate: IsoDate;
  endDate: IsoDate;
  extent: number;
}

export function weekFill(activities: ExtentActivity[], from?: IsoDate, to?: IsoDate): WeekFill[] {
  if (activities.length === 0 && (!from || !to)) return [];
  const first = weekStart(from ?? activities.map((activity) => activity.startDate).sort()[0]!);
  const last = to ?? activities.map((activity) => activity.endDate).sort().at(-1)!;
  const weeks: WeekFill[] = [];
  for (let monday = first; monday <= last && weeks.length < 260; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    const total = activities
      .filter((activity) => activity.startDate <= sunday && activity.endDate >= monday)
      .reduce((sum, activity) => sum + activity.extent, 0);
    const state = total === 0 ? "empty" : total < 100 ? "under" : total === 100 ? "full" : "over";
    weeks.push({ weekStart: monday, week: isoWeek(monday), total, state });
  }
  return weeks;
}
