import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CaseRequests } from "~/services/requests/views";
import { ItemOutcome } from "./RequestItems";
import { LegalFlag, RequestStatus } from "./RequestStatus";

/** The case's information requests, for the case page: what was asked, its state and the answers the viewer may read. */
export function CaseRequestsSection({ caseId, canAsk, requests }: CaseRequests) {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <section aria-labelledby="requests-heading" className="mt-section" data-testid="case-requests">
      <h2 id="requests-heading" className="text-xl font-semibold">{t("case.heading")}</h2>
      {canAsk ? (
        <p className="my-3">
          <Link to={`/cases/${caseId}/requests/new`} className="button">{t("case.ask")}</Link>
        </p>
      ) : null}
      {requests.length === 0 ? <p className="mt-2">{t("case.empty")}</p> : null}
      <ul className="mt-3 space-y-3">
        {requests.map((request) => (
          <li key={request.id} className="rounded border border-line p-3" data-testid={`case-request-${request.reference}`}>
            <h3 className="font-semibold">
              {request.reference}{" "}
              <span className="font-normal">
                {request.role === "requester"
                  ? t("case.toReceiver", { unit: request.receiver.unit, organization: request.receiver.organization })
                  : t("case.fromRequester", { unit: request.requester.unit, organization: request.requester.organization })}
              </span>
            </h3>
            <p className="my-1 flex flex-wrap gap-2">
              <RequestStatus status={request.status} overdue={request.overdue} />
              {request.basis === "legal" ? <LegalFlag /> : null}
            </p>
            <ul className="mt-2 space-y-2">
              {request.items.map((item) => (
                <li key={item.id}>
                  <p className="font-semibold">{item.name[language]}</p>
                  <ItemOutcome item={item} />
                </li>
              ))}
            </ul>
            <p className="mt-2">
              {request.role === "requester" ? (
                <Link to={`/cases/${caseId}/requests/${request.id}`}>{t("case.open", { reference: request.reference })}</Link>
              ) : (
                <Link to={`/inbox/requests/${request.id}`}>{t("case.openInbox", { reference: request.reference })}</Link>
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
