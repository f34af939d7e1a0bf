import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { Duration } from "~/components/requests/Duration";
import { LeadTimeChart } from "~/components/requests/LeadTimeChart";
import { RequestStatus } from "~/components/requests/RequestStatus";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { DomainError } from "~/lib/errors";
import { countedStatuses, leadTimeStats, statsPeriod } from "~/services/requests/stats.server";
import { todayOf } from "~/services/requests/view.server";
import { readWith } from "~/web/frame.server";

/**
 * Lead times of the officer's unit as a receiver, over a chosen period (GET form, so a view can
 * be linked). Aggregates, and the overdue requests, each of which passes the gate (recorded).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => {
    const url = new URL(request.url);
    const asked = { from: url.searchParams.get("from") ?? undefined, to: url.searchParams.get("to") ?? undefined };
    // A period that makes no sense shows the default period, with a message.
    const error = periodError(asked, todayOf(reader));
    return { stats: await leadTimeStats(reader, error ? {} : asked), statuses: countedStatuses, error };
  });
}

function periodError(asked: { from?: string; to?: string }, today: string): string | null {
  try {
    statsPeriod(asked, today);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requests:stats.title");

const cell = "py-2 pr-4";

export default function LeadTimes() {
  const { t, i18n } = useTranslation("requests");
  const { stats, statuses, error } = useLoaderData<typeof loader>();
  return (
    <Page title={t("stats.title")}>
      <p className="mb-4 max-w-prose">{t("stats.intro", { unit: stats.unit.name })}</p>
      {error ? <Alert tone="error">{t(`errors.${error}` as never)}</Alert> : null}
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="from" className="block font-semibold">{t("stats.from")}</label>
          <input id="from" name="from" type="date" defaultValue={stats.from} className="mt-1 rounded border-2 border-line px-3 py-2" />
        </div>
        <div>
          <label htmlFor="to" className="block font-semibold">{t("stats.to")}</label>
          <input id="to" name="to" type="date" defaultValue={stats.to} className="mt-1 rounded border-2 border-line px-3 py-2" />
        </div>
        <button type="submit" className="button button-secondary">{t("stats.show")}</button>
      </Form>

      <div className="mb-section grid gap-8 md:grid-cols-2">
        <section aria-labelledby="counts-heading">
          <h2 id="counts-heading" className="mb-2 text-xl font-semibold">{t("stats.countsHeading")}</h2>
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
        <section aria-labelledby="lead-heading">
          <h2 id="lead-heading" className="mb-2 text-xl font-semibold">{t("stats.leadHeading")}</h2>
          {stats.answered === 0 ? <p>{t("stats.noneAnswered")}</p> : null}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1" data-testid="stats-lead">
            <dt className="font-semibold">{t("stats.answeredCount")}</dt><dd>{stats.answered}</dd>
            <dt className="font-semibold">{t("stats.median")}</dt><dd><Duration hours={stats.medianHours} /></dd>
            <dt className="font-semibold">{t("stats.p90")}</dt><dd><Duration hours={stats.p90Hours} /></dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="chart-heading" className="mb-section">
        <h2 id="chart-heading" className="mb-2 text-xl font-semibold">{t("stats.chartHeading")}</h2>
        <LeadTimeChart weeks={stats.weeks} />
        <div className="overflow-x-auto">
          <table className="border-collapse text-left" data-testid="stats-weeks">
            <caption className="mb-2 text-left font-semibold">{t("stats.tableCaption")}</caption>
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

      <section aria-labelledby="overdue-heading" className="mb-section">
        <h2 id="overdue-heading" className="mb-2 text-xl font-semibold">{t("stats.overdueHeading")}</h2>
        {stats.overdue.length === 0 ? <p>{t("stats.overdueEmpty")}</p> : null}
        <ul className="space-y-2">
          {stats.overdue.map((row) => (
            <li key={row.id} className="flex flex-wrap items-center gap-3">
              <Link to={`/inbox/requests/${row.id}`}>{row.reference}</Link>
              <span>{row.requester}</span>
              <span>{`${formatDate(row.desiredBy, i18n.language)}, ${t("stats.daysLate", { count: row.daysLate })}`}</span>
              <RequestStatus status={row.status} overdue />
            </li>
          ))}
        </ul>
      </section>
      <p><Link to="/inbox/requests">{t("stats.back")}</Link></p>
    </Page>
  );
}
