import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatTime } from "~/lib/format";

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

/**
 * One consent in plain words: who may give what to whom, until when; with its receipt and revoke
 * links. Its heading names the day, the time and the version, so two versions given the same day
 * are told apart; its level follows the page (h3 in a list under an h2, h2 on the receipt).
 */
export function ConsentCard({ consent, revocable, headingLevel = 3 }: { consent: ConsentCardData; revocable: boolean; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation("consent");
  const language = i18n.language === "en" ? "en" : "sv";
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article aria-labelledby={`consent-${consent.id}`} className="rounded border border-line p-4">
      <Heading id={`consent-${consent.id}`} className="font-semibold">
        {t("card.heading", { date: formatDate(consent.givenAt, i18n.language), time: formatTime(consent.givenAt, i18n.language), version: consent.version })} – {t(`state.${consent.state}` as never)}
      </Heading>
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
