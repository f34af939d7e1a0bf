import { useTranslation } from "react-i18next";
import { formatDate, formatDateTime } from "~/lib/format";
import type { RequestView } from "~/services/requests/views";
import { LegalFlag, RequestStatus } from "./RequestStatus";

/** Who asked whom, when, for what purpose and on what basis: the envelope of a request. */
export function RequestSummary({ request }: { request: Omit<RequestView, "items" | "transitions" | "claimedBy"> }) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <dl className="mb-6 grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
      <dt className="font-semibold">{t("view.status")}</dt>
      <dd><RequestStatus status={request.status} overdue={request.overdue} /></dd>
      <dt className="font-semibold">{t("view.case")}</dt>
      <dd>{request.caseReference}</dd>
      <dt className="font-semibold">{t("view.requestedBy")}</dt>
      <dd>{`${request.requester.name}, ${request.requester.title} – ${request.requester.unit}, ${request.requester.organization}`}</dd>
      <dt className="font-semibold">{t("view.receiver")}</dt>
      <dd>{`${request.receiver.unit}, ${request.receiver.organization} (${request.receiver.mailbox})`}</dd>
      <dt className="font-semibold">{t("view.basis")}</dt>
      <dd>
        {request.basis === "legal" ? (
          <>
            <LegalFlag />
            <span className="mt-1 block">{`${t("basis.statute")}: ${request.legalLabel?.[language] ?? request.legalReference ?? ""}`}</span>
            <span className="mt-1 block whitespace-pre-line">{`${t("basis.justification")}: ${request.legalJustification ?? ""}`}</span>
          </>
        ) : (
          t("basis.consent")
        )}
      </dd>
      <dt className="font-semibold">{t("view.purpose")}</dt>
      <dd className="whitespace-pre-line">{request.purpose || "–"}</dd>
      <dt className="font-semibold">{t("view.desiredBy")}</dt>
      <dd>{request.desiredBy ? formatDate(request.desiredBy, i18n.language) : "–"}</dd>
      {request.submittedAt ? (
        <>
          <dt className="font-semibold">{t("view.submittedAt")}</dt>
          <dd>{formatDateTime(request.submittedAt, i18n.language)}</dd>
        </>
      ) : null}
      {request.answeredAt ? (
        <>
          <dt className="font-semibold">{t("view.answeredAt")}</dt>
          <dd>{formatDateTime(request.answeredAt, i18n.language)}</dd>
        </>
      ) : null}
    </dl>
  );
}
