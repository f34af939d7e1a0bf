import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";

export interface ConsentCardData {
  id: string;
  version: number;
  state: string;
  method: string;
  purpose: string;
  givenAt: string;
  validUntil: string;
  recordedBy: { name: string; organization: string } | null;
  grants: { id: string; discloser: string; recipient: string; category: { sv: string; en: string }; plain: { sv: string; en: string }; revokedAt: string | null }[];
}

/** One consent in plain words: who may give what to whom, until when; with its receipt and revoke links. */
export function ConsentCard({ consent, revocable }: { consent: ConsentCardData; revocable: boolean }) {
  const { t, i18n } = useTranslation("consent");
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <article aria-labelledby={`consent-${consent.id}`} className="rounded border border-line p-4">
      <h3 id={`consent-${consent.id}`} className="font-semibold">
        {t("card.heading", { date: formatDate(consent.givenAt, i18n.language) })} – {t(`state.${consent.state}` as never)}
      </h3>
      {consent.method !== "eid_signed" ? (
        <p className="mt-1 text-sm font-semibold text-warning-800">
          {t("card.recordedBy", { name: consent.recordedBy?.name ?? "", organization: consent.recordedBy?.organization ?? "", how: t(`card.${consent.method}` as never) })}
        </p>
      ) : (
        <p className="mt-1 text-sm text-ink-muted">{t("card.signed")}</p>
      )}
      <p className="mt-2">{t("card.purpose")}: {consent.purpose}</p>
      <p className="mt-1">{t("card.until", { date: formatDate(consent.validUntil, i18n.language, "long") })}</p>
      <ul className="mt-3 space-y-2">
        {consent.grants.map((grant) => (
          <li key={grant.id} className="flex flex-wrap items-center justify-between gap-2 border-t border-line pt-2">
            <span>
              {t("card.line", { discloser: grant.discloser, recipient: grant.recipient, category: grant.category[language] })}
              <span className="block text-sm text-ink-muted">{grant.plain[language]}</span>
              {grant.revokedAt ? <span className="block text-sm font-semibold">{t("card.grantRevoked", { date: formatDate(grant.revokedAt, i18n.language) })}</span> : null}
            </span>
            {revocable ? (
              <Link to={`/me/consents/${consent.id}/revoke?grant=${grant.id}`} className="button button-secondary py-1" aria-label={t("card.revokeLineLabel", { category: grant.category[language], discloser: grant.discloser })}>
                {t("card.revokeLine")}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex flex-wrap gap-3">
        <Link to={`/me/consents/${consent.id}`}>{t("card.receipt")}</Link>
        {revocable ? (
          <Link to={`/me/consents/${consent.id}/revoke`} className="font-semibold">{t("card.revokeAll")}</Link>
        ) : null}
      </div>
    </article>
  );
}
