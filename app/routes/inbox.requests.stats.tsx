import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { LeadTimeSection } from "~/components/requests/LeadTimeSection";
import { RequestStatus } from "~/components/requests/RequestStatus";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { DomainError } from "~/lib/errors";
import { countedStatuses, leadTimeStats, statsPeriod } from "~/services/requests/stats.server";
import { todayOf } from "~/services/requests/view.server";
import { readWith } from "~/web/frame.server";

export const handle = { i18n: ["requests"] };

/**
 * Lead times of the officer's unit over a chosen period (GET form, so a view can be linked): of
 * the requests it received and, under a heading of their own, of those it sent. Aggregates, and
 * the overdue requests at the unit, each of which passes the gate (recorded).
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

      <LeadTimeSection side="received" unit={stats.unit.name} stats={stats.received} statuses={statuses} />
      <section aria-labelledby="overdue-heading" className="mb-section">
        <h2 id="overdue-heading" className="mb-2 text-xl font-semibold">{t("stats.overdueHeading", { unit: stats.unit.name })}</h2>
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
      <LeadTimeSection side="sent" unit={stats.unit.name} stats={stats.sent} statuses={statuses} />
      <p><Link to="/inbox/requests">{t("stats.back")}</Link></p>
    </Page>
  );
}
