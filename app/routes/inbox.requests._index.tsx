import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { PageLinks } from "~/components/ui/PageLinks";
import { LegalFlag, RequestStatus } from "~/components/requests/RequestStatus";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { listInbox, type InboxRow } from "~/services/requests/inbox.server";
import { readWith } from "~/web/frame.server";

export const handle = { i18n: ["requests"] };

/** The receiving unit's queue, a page at a time: open requests by desired date, overdue ones marked; then (first page) the latest handled. */
export async function loader({ request }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after");
  return readWith(request, requireOfficer, async (reader) => ({ ...(await listInbox(reader, after)), paged: Boolean(after) }));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "requests:inbox.title");

export default function Inbox() {
  const { t } = useTranslation("requests");
  const { unit, open, done, next, paged } = useLoaderData<typeof loader>();
  return (
    <Page title={t("inbox.title")}>
      <p className="mb-4 max-w-prose">{t("inbox.intro", { unit: unit.name, mailbox: unit.mailbox })}</p>
      <p className="mb-6"><Link to="/inbox/requests/stats">{t("inbox.statsLink")}</Link></p>
      <section aria-labelledby="open-heading" className="mb-section">
        <h2 id="open-heading" className="mb-2 text-xl font-semibold">{t("inbox.openHeading")}</h2>
        {open.length === 0 ? <p>{t("inbox.empty")}</p> : <InboxTable rows={open} caption={t("inbox.caption")} />}
        <PageLinks path="/inbox/requests" next={next} paged={paged} />
      </section>
      {paged ? null : (
        <section aria-labelledby="done-heading">
          <h2 id="done-heading" className="mb-2 text-xl font-semibold">{t("inbox.doneHeading")}</h2>
          {done.length === 0 ? <p>{t("inbox.emptyDone")}</p> : <InboxTable rows={done} caption={t("inbox.doneHeading")} />}
        </section>
      )}
    </Page>
  );
}

function InboxTable({ rows, caption }: { rows: InboxRow[]; caption: string }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-line">
            <th scope="col" className="py-2 pr-3">{t("inbox.reference")}</th>
            <th scope="col" className="py-2 pr-3">{t("inbox.person")}</th>
            <th scope="col" className="py-2 pr-3">{t("inbox.requester")}</th>
            <th scope="col" className="py-2 pr-3">{t("inbox.items")}</th>
            <th scope="col" className="py-2 pr-3">{t("inbox.desiredBy")}</th>
            <th scope="col" className="py-2 pr-3">{t("inbox.status")}</th>
            <th scope="col" className="py-2 pr-3">{t("inbox.claimedBy")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={`border-b border-line align-top ${row.overdue ? "bg-surface-muted" : ""}`} data-testid={`inbox-row-${row.reference}`}>
              <th scope="row" className="whitespace-nowrap py-2 pr-3 font-normal">
                <Link to={`/inbox/requests/${row.id}`}>{row.reference}</Link>
                <span className="block text-sm text-ink-muted">{row.caseReference}</span>
              </th>
              <td className="py-2 pr-3">{row.clientName ?? t("inbox.protectedIdentity")}</td>
              <td className="py-2 pr-3">{`${row.requester.unit}, ${row.requester.organization}`}</td>
              <td className="py-2 pr-3">
                <ul>{row.items.map((item) => <li key={item.sv}>{item[language]}</li>)}</ul>
                {row.legal ? <span className="mt-1 inline-block"><LegalFlag /></span> : null}
              </td>
              <td className="py-2 pr-3">{row.desiredBy ? formatDate(row.desiredBy, i18n.language) : t("inbox.noDate")}</td>
              <td className="py-2 pr-3"><RequestStatus status={row.status} overdue={row.overdue} /></td>
              <td className="py-2 pr-3">{row.claimedBy ?? t("inbox.nobody")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
