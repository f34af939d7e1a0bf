import { useTranslation } from "react-i18next";
import { addDays, daysBetween, isoWeek, weekStart } from "~/lib/calendar";
import { formatDate, formatMonth } from "~/lib/format";

export interface TimelineActivity {
  id: string;
  organizationId: string;
  organization: string;
  title: string;
  startDate: string;
  endDate: string;
  extent: number;
  status: string;
}

/** Bar colours per organisation: each at least 3:1 against white (WCAG 1.4.11), told apart by the legend too. */
export const organizationColours = ["#1b4f78", "#a4161a", "#1f6b36", "#7a4500", "#5b2a86", "#0e6e74"];

const labelWidth = 260;
const chartWidth = 720;
/** Room right of the chart for the extent written after a bar that ends at the last day. */
const extentWidth = 50;
const rowHeight = 30;
/** Two lines above the rows: the week or month labels, then "today" under them. */
const headerHeight = 46;

/**
 * The plan drawn by the app as SVG: one row per activity, by week or by month, coloured by
 * organisation, today marked. Screen readers get the same content as a table.
 */
export function Timeline({
  activities,
  organizations,
  scale,
  today,
}: {
  activities: TimelineActivity[];
  organizations: { id: string; name: string }[];
  scale: "week" | "month";
  today: string;
}) {
  const { t, i18n } = useTranslation("plan");
  if (activities.length === 0) return <p>{t("timeline.empty")}</p>;
  const colour = (organizationId: string) => organizationColours[Math.max(0, organizations.findIndex((org) => org.id === organizationId)) % organizationColours.length]!;
  const first = weekStart([...activities.map((activity) => activity.startDate), today].sort()[0]!);
  const lastDay = [...activities.map((activity) => activity.endDate), today].sort().at(-1)!;
  const start = scale === "month" ? `${first.slice(0, 7)}-01` : first;
  const end = scale === "month" ? addDays(`${addDays(`${lastDay.slice(0, 7)}-28`, 4).slice(0, 7)}-01`, 0) : addDays(weekStart(lastDay), 7);
  const totalDays = Math.max(7, daysBetween(start, end));
  const x = (iso: string) => labelWidth + (daysBetween(start, iso) / totalDays) * chartWidth;
  const ticks: { at: string; label: string }[] = [];
  if (scale === "week") for (let day = start; day < end; day = addDays(day, 7)) ticks.push({ at: day, label: t("timeline.week", { week: isoWeek(day) }) });
  else
    for (let day = start; day < end; day = `${addDays(`${day.slice(0, 7)}-28`, 4).slice(0, 7)}-01`) {
      ticks.push({ at: day, label: formatMonth(day, i18n.language) });
    }
  const height = headerHeight + activities.length * rowHeight + 10;
  const todayX = x(today);
  return (
    <figure className="plan-print">
      <svg viewBox={`0 0 ${labelWidth + chartWidth + extentWidth} ${height}`} className="w-full max-w-5xl" aria-hidden="true" focusable="false">
        {ticks.map((tick) => (
          <g key={tick.at}>
            <line x1={x(tick.at)} x2={x(tick.at)} y1={6} y2={height} stroke="#8a94a3" strokeWidth="1" />
            <text x={x(tick.at) + 3} y={18} fontSize="12" fill="#1b1f24">{tick.label}</text>
          </g>
        ))}
        {activities.map((activity, index) => {
          const y = headerHeight + index * rowHeight;
          const barStart = x(activity.startDate);
          const barWidth = Math.max(3, x(addDays(activity.endDate, 1)) - barStart);
          return (
            <g key={activity.id}>
              <text x={4} y={y + 19} fontSize="13" fill="#1b1f24">{activity.title.length > 34 ? `${activity.title.slice(0, 33)}…` : activity.title}</text>
              <rect x={barStart} y={y + 5} width={barWidth} height={rowHeight - 10} rx="3" fill={colour(activity.organizationId)} opacity={activity.status === "cancelled" ? 0.35 : 1} />
              <text x={barStart + barWidth + 4} y={y + 19} fontSize="12" fill="#1b1f24">{activity.extent} %</text>
            </g>
          );
        })}
        {todayX >= labelWidth && todayX <= labelWidth + chartWidth ? (
          <g>
            <line x1={todayX} x2={todayX} y1={24} y2={height} stroke="#a4161a" strokeWidth="2" strokeDasharray="4 3" />
            <text x={todayX + 4} y={headerHeight - 8} fontSize="11" fontWeight="bold" fill="#a4161a">{t("timeline.today")}</text>
          </g>
        ) : null}
      </svg>
      <figcaption className="mt-2">
        <span className="sr-only">{t("timeline.tableFollows")}</span>
        <ul className="flex flex-wrap gap-4 text-sm" aria-label={t("timeline.legend")}>
          {organizations.map((org) => (
            <li key={org.id} className="flex items-center gap-2">
              <svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" rx="2" fill={colour(org.id)} /></svg>
              {org.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="sr-only">
        <caption>{t("timeline.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("activity.title")}</th>
            <th scope="col">{t("activity.organization")}</th>
            <th scope="col">{t("activity.startDate")}</th>
            <th scope="col">{t("activity.endDate")}</th>
            <th scope="col">{t("activity.extent")}</th>
          </tr>
        </thead>
        <tbody>
          {activities.map((activity) => (
            <tr key={activity.id}>
              <td>{activity.title}</td>
              <td>{activity.organization}</td>
              <td>{formatDate(activity.startDate, i18n.language)}</td>
              <td>{formatDate(activity.endDate, i18n.language)}</td>
              <td>{activity.extent} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
