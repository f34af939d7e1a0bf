import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { ClientRequestView } from "~/services/requests/views";
import { AnswerValues } from "./AnswerValues";
import { LegalFlag } from "./RequestStatus";

/** For the client on /me, in plain words: who asked whom about them, what, why, on what basis, and the answer. */
export function ClientRequestsSection({ requests }: { requests: ClientRequestView[] }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <section aria-labelledby="client-requests-heading" className="mb-section border-t border-line pt-6" data-testid="client-requests">
      <h2 id="client-requests-heading" className="mb-2 text-2xl font-semibold">{t("client.heading")}</h2>
      <p className="mb-4 max-w-prose">{t("client.intro")}</p>
      {requests.length === 0 ? <p>{t("client.empty")}</p> : null}
      <ul className="space-y-4">
        {requests.map((request) => (
          <li key={request.id} className="max-w-3xl rounded border border-line p-4" data-testid={`client-request-${request.reference}`}>
            <h3 className="text-lg font-semibold">{t("client.title", { requester: request.requester.organization, receiver: request.receiver.organization })}</h3>
            <p>
              {t("client.askedBy", { name: request.requester.name, title: request.requester.title.toLowerCase(), unit: request.requester.unit })}{" "}
              {request.submittedAt ? t("client.askedOn", { date: formatDate(request.submittedAt, i18n.language) }) : null}
            </p>
            <p className="font-semibold">{t(`client.status.${request.status}`)}</p>
            <p className="mt-3 font-semibold">{t("client.why")}</p>
            <p className="whitespace-pre-line">{request.purpose}</p>
            {request.basis === "legal" ? (
              <div className="mt-2">
                <LegalFlag />
                <p className="mt-1">{t("client.basisLegal", { statute: request.legalLabel?.[language] ?? request.legalReference ?? "" })}</p>
                <p className="whitespace-pre-line">{`${t("client.justification")} ${request.legalJustification ?? ""}`}</p>
              </div>
            ) : (
              <p className="mt-2">{t("client.basisConsent")}</p>
            )}
            <p className="mt-3 font-semibold">{t("client.what")}</p>
            <ul className="mt-1 space-y-2">
              {request.items.map((item) => (
                <li key={item.id} className="border-l-4 border-line pl-3">
                  <p className="font-semibold">{item.name[language]}</p>
                  <p className="text-sm text-ink-muted">{item.plain[language]}</p>
                  {item.decision === null ? <p>{t("client.noAnswer")}</p> : null}
                  {item.decision === "declined" ? <p>{t("client.notGiven", { reason: item.declineReason ? t(`reasonPlain.${item.declineReason}`) : "" })}</p> : null}
                  {item.answer ? (
                    <>
                      <p className="sr-only">{t("client.answer")}</p>
                      <AnswerValues fields={item.fields} answer={item.answer} />
                    </>
                  ) : null}
                  {item.decision === "released_partly" ? <p>{t("client.partlyGiven", { reason: item.declineReason ? t(`reasonPlain.${item.declineReason}`) : "" })}</p> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
