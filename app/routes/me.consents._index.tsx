import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { ConsentCard } from "~/components/consent/ConsentCard";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { listConsentsForClient } from "~/services/consent/views.server";
import { readWith } from "~/web/frame.server";

export const handle = { i18n: ["consent"] };

export async function loader({ request }: LoaderFunctionArgs) {
  return readWith(request, requireClient, (reader) => listConsentsForClient(reader));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:mine.title");

export default function MyConsents() {
  const { t, i18n } = useTranslation("consent");
  const { pending, current, history, declined } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <Page title={t("mine.title")}>
      <p className="mb-6 max-w-prose">{t("mine.intro")}</p>
      {params.get("revoked") ? <Alert tone="success" focus>{t("mine.revoked")}</Alert> : null}
      {params.get("declined") ? <Alert tone="success" focus>{t("mine.declinedNotice")}</Alert> : null}

      <section aria-labelledby="pending-heading" className="mb-section">
        <h2 id="pending-heading" className="text-xl font-semibold">{t("mine.pendingHeading")}</h2>
        {pending.length === 0 ? <p className="mt-2">{t("mine.noPending")}</p> : null}
        <ul className="mt-2 space-y-3">
          {pending.map((request) => (
            <li key={request.id} className="rounded border-2 border-brand-700 p-4">
              <p className="font-semibold">{t("mine.pendingFrom", { organization: request.organization, person: request.requestedBy })}</p>
              <p className="mt-1">{request.purpose}</p>
              <p className="mt-1 text-sm text-ink-muted">{t("mine.askedOn", { date: formatDate(request.createdAt, i18n.language) })}</p>
              <Link to={`/me/consents/requests/${request.id}`} className="button mt-3">{t("mine.answer")}</Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="current-heading" className="mb-section">
        <h2 id="current-heading" className="text-xl font-semibold">{t("mine.currentHeading")}</h2>
        {current.length === 0 ? <p className="mt-2">{t("mine.noCurrent")}</p> : null}
        <div className="mt-2 space-y-4">
          {current.map((consent) => (
            <ConsentCard key={consent.id} consent={consent} revocable />
          ))}
        </div>
      </section>

      {history.length > 0 || declined.length > 0 ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading" className="text-xl font-semibold">{t("mine.historyHeading")}</h2>
          <div className="mt-2 space-y-4">
            {history.map((consent) => (
              <ConsentCard key={consent.id} consent={consent} revocable={false} />
            ))}
            {declined.map((request) => (
              <p key={request.id} className="rounded border border-line p-4">
                {t("mine.declinedLine", { organization: request.organization, date: formatDate(request.answeredAt, i18n.language) })}
              </p>
            ))}
          </div>
        </section>
      ) : null}
    </Page>
  );
}
