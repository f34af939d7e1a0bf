import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import { ClientName } from "./ClientName";

interface Summary {
  reference: string;
  status: "open" | "closed";
  openedAt: string;
  client: { name: string | null; personnummer: string | null; protectedIdentity: boolean };
  lead: { organization: string; unit: string; mailbox: string };
  participants: { unitId: string; unit: string; mailbox: string; organization: string; active: boolean }[];
  consents: {
    id: string;
    state: string;
    validUntil: string;
    purpose: string;
    grants: { discloser: string; recipient: string; category: { sv: string; en: string } }[];
  }[];
}

/** Who the case is about, who takes part, and what the client's consent shares with whom until when. */
export function CaseSummary({ view, audience }: { view: Summary; audience: "staff" | "client" }) {
  const { t, i18n } = useTranslation("cases");
  const language = i18n.language === "en" ? "en" : "sv";
  const current = view.consents.filter((consent) => consent.state === "active" || consent.state === "not_yet_valid");
  return (
    <div className="mb-section space-y-8">
      <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("view.client")}</dt>
        <dd><ClientName client={view.client} /></dd>
        <dt className="font-semibold">{t("view.lead")}</dt>
        <dd>{view.lead.unit}, {view.lead.organization} <span className="font-mono text-sm">({view.lead.mailbox})</span></dd>
        <dt className="font-semibold">{t("view.status")}</dt>
        <dd>{t(`status.${view.status}`)}, {t("view.openedOn", { date: formatDate(view.openedAt, i18n.language) })}</dd>
      </dl>

      <section aria-labelledby="participants-heading">
        <h2 id="participants-heading" className="text-xl font-semibold">{t(`${audience}.participantsHeading`)}</h2>
        <ul className="mt-2 space-y-1">
          {view.participants.map((participant) => (
            <li key={participant.unitId}>
              {participant.unit}, {participant.organization}{" "}
              <span className="font-mono text-sm">({participant.mailbox})</span>{" "}
              {participant.active ? null : <span className="text-sm text-warning-800">– {t("view.noActiveConsent")}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="consent-heading">
        <h2 id="consent-heading" className="text-xl font-semibold">{t(`${audience}.consentHeading`)}</h2>
        {current.length === 0 ? (
          <p className="mt-2">{t(`${audience}.noConsent`)}</p>
        ) : (
          current.map((consent) => (
            <div key={consent.id} className="mt-3 rounded border border-line p-4">
              <p className="mb-2">
                {t("view.consentUntil", { date: formatDate(consent.validUntil, i18n.language, "long") })}
                {consent.state === "not_yet_valid" ? ` (${t("view.notYetValid")})` : ""}
              </p>
              <p className="mb-2 text-sm text-ink-muted">{t("view.purpose")}: {consent.purpose}</p>
              <ul className="list-disc pl-6">
                {consent.grants.map((grant) => (
                  <li key={`${grant.discloser}-${grant.recipient}-${grant.category.sv}`}>
                    {t("view.grantLine", { discloser: grant.discloser, recipient: grant.recipient, category: grant.category[language] })}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
    </div>
  );
}
