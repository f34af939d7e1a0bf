import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { WeekFill as Week } from "~/services/plan/weeks";

const stateStyle = {
  empty: "text-ink-muted",
  under: "text-warning-800",
  full: "text-success-700",
  over: "text-danger-700",
} as const;

const stateFill = { empty: "#8a94a3", under: "#7a4500", full: "#1f6b36", over: "#a4161a" } as const;

/** "Fyller veckan?": each week's total extent against 100 %, said in words as well as colour. */
export function WeekFillList({ weeks }: { weeks: Week[] }) {
  const { t, i18n } = useTranslation("plan");
  if (weeks.length === 0) return <p>{t("weeks.empty")}</p>;
  return (
    <table className="w-full max-w-3xl border-collapse text-left">
      <caption className="sr-only">{t("weeks.caption")}</caption>
      <thead>
        <tr className="border-b-2 border-line">
          <th scope="col" className="py-1 pr-3">{t("weeks.week")}</th>
          <th scope="col" className="py-1 pr-3">{t("weeks.total")}</th>
          <th scope="col" className="py-1 pr-3"><span className="sr-only">{t("weeks.bar")}</span></th>
          <th scope="col" className="py-1">{t("weeks.state")}</th>
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.weekStart} className="border-b border-line" data-testid={`week-${week.week}`}>
            <td className="py-1 pr-3">{t("weeks.weekLabel", { week: week.week, date: formatDate(week.weekStart, i18n.language) })}</td>
            <td className="py-1 pr-3 font-semibold">{week.total} %</td>
            <td className="py-1 pr-3">
              <svg width="160" height="14" aria-hidden="true" focusable="false">
                <rect width="160" height="14" fill="#f3f5f7" />
                <rect width={Math.min(160, (week.total / 150) * 160)} height="14" fill={stateFill[week.state]} />
                <line x1={(100 / 150) * 160} x2={(100 / 150) * 160} y1="0" y2="14" stroke="#1b1f24" strokeWidth="2" />
              </svg>
            </td>
            <td className={`py-1 font-semibold ${stateStyle[week.state]}`}>{t(`weeks.states.${week.state}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
