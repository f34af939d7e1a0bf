import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { CountedStatus, SideStats } from "~/services/requests/stats.server";
import { Duration } from "./Duration";
import { LeadTimeChart } from "./LeadTimeChart";

const cell = "py-2 pr-4";

/**
 * One side of the unit's lead times under its own heading: the requests it received (how quickly
 * it answers others) or those it sent (how quickly others answer it). Counts, lead time, weeks.
 */
export function LeadTimeSection({ side, unit, stats, statuses }: { side: "received" | "sent"; unit: string; stats: SideStats; statuses: readonly CountedStatus[] }) {
  const { t, i18n } = useTranslation("requests");
  const heading = t(side === "received" ? "stats.receivedHeading" : "stats.sentHeading", { unit });
  const id = (name: string) => `${side}-${name}`;
  return (
    <section aria-labelledby={id("heading")} className="mb-section border-t border-line pt-6" data-testid={`stats-${side}`}>
      <h2 id={id("heading")} className="mb-2 text-2xl font-semibold">{heading}</h2>
      <p className="mb-4 max-w-prose">{t(side === "received" ? "stats.receivedIntro" : "stats.sentIntro")}</p>
      <div className="mb-8 grid gap-8 md:grid-cols-2">
        <section aria-labelledby={id("counts")}>
          <h3 id={id("counts")} className="mb-2 text-xl font-semibold">{t("stats.countsHeading")}</h3>
          <table className="border-collapse text-left" data-testid="stats-counts">
            <thead>
              <tr className="border-b-2 border-line"><th scope="col" className={cell}>{t("stats.state")}</th><th scope="col" className={cell}>{t("stats.count")}</th></tr>
            </thead>
            <tbody>
              {statuses.map((status) => (
                <tr key={status} className="border-b border-line"><th scope="row" className={`${cell} font-normal`}>{t(`status.${status}`)}</th><td className={cell} data-testid={`count-${status}`}>{stats.counts[status]}</td></tr>
              ))}
              <tr><th scope="row" className={cell}>{t("stats.total")}</th><td className={`${cell} font-semibold`} data-testid="count-total">{stats.total}</td></tr>
            </tbody>
          </table>
        </section>
        <section aria-labelledby={id("lead")}>
          <h3 id={id("lead")} className="mb-2 text-xl font-semibold">{t("stats.leadHeading")}</h3>
          {stats.answered === 0 ? <p>{t("stats.noneAnswered")}</p> : null}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1" data-testid="stats-lead">
            <dt className="font-semibold">{t("stats.answeredCount")}</dt><dd data-testid="lead-answered">{stats.answered}</dd>
            <dt className="font-semibold">{t("stats.median")}</dt><dd data-testid="lead-median"><Duration hours={stats.medianHours} /></dd>
            <dt className="font-semibold">{t("stats.p90")}</dt><dd data-testid="lead-p90"><Duration hours={stats.p90Hours} /></dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby={id("weeks")}>
        <h3 id={id("weeks")} className="mb-2 text-xl font-semibold">{t("stats.chartHeading")}</h3>
        <LeadTimeChart weeks={stats.weeks} id={id("chart")} title={t("stats.chartTitle", { heading })} />
        <div className="overflow-x-auto">
          <table className="border-collapse text-left" data-testid="stats-weeks">
            <caption className="mb-2 text-left font-semibold">{t("stats.tableCaption", { heading })}</caption>
            <thead>
              <tr className="border-b-2 border-line">
                <th scope="col" className={cell}>{t("stats.week")}</th>
                <th scope="col" className={cell}>{t("stats.submitted")}</th>
                <th scope="col" className={cell}>{t("stats.answered")}</th>
                <th scope="col" className={cell}>{t("stats.medianLead")}</th>
              </tr>
            </thead>
            <tbody>
              {stats.weeks.map((week) => (
                <tr key={week.week} className="border-b border-line">
                  <th scope="row" className={`${cell} font-normal`}>{`${t("stats.weekLabel", { number: week.weekNumber })} (${formatDate(week.week, i18n.language)})`}</th>
                  <td className={cell}>{week.submitted}</td>
                  <td className={cell}>{week.answered}</td>
                  <td className={cell}><Duration hours={week.medianHours} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
