import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { ConsentCard } from "~/components/consent/ConsentCard";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { formatDateTime } from "~/lib/format";
import { formatPersonnummer } from "~/lib/personnummer";
import { getConsentReceipt } from "~/services/consent/views.server";
import { idParam, readWith } from "~/web/frame.server";

export const handle = { i18n: ["consent"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireClient, async (reader) => ({ receipt: await getConsentReceipt(reader, idParam(params, "consentId")) }));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:receipt.title");

/** The receipt: printable, in the page's language, with the FHIR JSON one click away. */
export default function ConsentReceiptPage() {
  const { t, i18n } = useTranslation("consent");
  const { receipt } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = receipt.state === "active" || receipt.state === "not_yet_valid";
  return (
    <Page title={t("receipt.title")}>
      {params.get("signed") ? <Alert tone="success" focus>{t("receipt.signedNotice")}</Alert> : null}
      <dl className="mb-6 grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("receipt.person")}</dt>
        <dd>{receipt.client.name}{receipt.client.personnummer ? `, ${formatPersonnummer(receipt.client.personnummer)}` : ""}</dd>
        <dt className="font-semibold">{t("receipt.case")}</dt>
        <dd>{receipt.caseReference}</dd>
        <dt className="font-semibold">{t("receipt.given")}</dt>
        <dd>{formatDateTime(receipt.givenAt, i18n.language)} – {t(`card.${receipt.method}` as never)}</dd>
        <dt className="font-semibold">{t("receipt.validity")}</dt>
        <dd>{formatDateTime(receipt.validFrom, i18n.language)} – {formatDateTime(receipt.validUntil, i18n.language)}</dd>
        <dt className="font-semibold">{t("receipt.state")}</dt>
        <dd>{t(`state.${receipt.state}` as never)}{receipt.revokedAt ? ` (${formatDateTime(receipt.revokedAt, i18n.language)})` : ""}</dd>
        <dt className="font-semibold">{t("receipt.version")}</dt>
        <dd>{receipt.version}</dd>
        {receipt.idTokenRef ? (
          <>
            <dt className="font-semibold">{t("receipt.signature")}</dt>
            <dd className="break-all font-mono text-sm">{receipt.idTokenRef}</dd>
          </>
        ) : null}
      </dl>
      {/* The card is the page's second level: under the h1 directly, not as one of a list's h3s. */}
      <ConsentCard consent={receipt.view} revocable={false} headingLevel={2} />
      <div className="no-print mt-6 flex flex-wrap gap-3">
        <a href={`/me/consents/${receipt.id}/receipt.json`} download className="button">{t("receipt.download")}</a>
        {current ? <Link to={`/me/consents/${receipt.id}/revoke`} className="button button-secondary">{t("card.revokeAll")}</Link> : null}
        <Link to="/me/consents" className="button button-secondary">{t("receipt.back")}</Link>
      </div>
      <p className="no-print mt-4 text-sm text-ink-muted">{t("receipt.printHint")}</p>
    </Page>
  );
}
