import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { failureOf, useRequestErrorText } from "~/components/requests/form-failure";
import { RequestHistory } from "~/components/requests/RequestHistory";
import { RequestItems } from "~/components/requests/RequestItems";
import { RequestSummary } from "~/components/requests/RequestSummary";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { withdrawRequest } from "~/services/requests/ask.server";
import { getRequestForRequester } from "~/services/requests/case-requests.server";
import { withdrawSchema } from "~/services/requests/forms";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["requests"] };

const notices = ["submitted", "saved", "withdrawn"] as const;

/** The requesting organisation's view of its request: the envelope, each answer (gated and recorded), the history. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({
    request: await getRequestForRequester(reader, idParam(params, "caseId"), idParam(params, "requestId")),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, withdrawSchema, async (reader) => {
    const caseId = idParam(params, "caseId");
    const requestId = idParam(params, "requestId");
    await withdrawRequest(reader, requestId, caseId);
    return redirect(`/cases/${caseId}/requests/${requestId}?notice=withdrawn`);
  });
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => {
  const [title] = pageTitle(matches, "requests:view.title");
  return [{ title: loaded ? `${loaded.request.reference} – ${title!.title}` : title!.title }];
};

export default function RequestPage() {
  const { t } = useTranslation("requests");
  const errorText = useRequestErrorText();
  const { request } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const [params] = useSearchParams();
  const notice = notices.find((candidate) => candidate === params.get("notice"));
  const open = request.status === "draft" || request.status === "submitted" || request.status === "in_review";
  return (
    <Page title={`${t("view.title")} ${request.reference}`}>
      {notice && !failed ? <Alert tone="success">{t(`view.notice.${notice}`)}</Alert> : null}
      {failed ? <Alert tone="error">{errorText(failed.error)}</Alert> : null}
      <RequestSummary request={request} />
      <RequestItems items={request.items} />
      <RequestHistory transitions={request.transitions} />
      <div className="no-print flex flex-wrap items-start gap-3">
        {request.status === "draft" ? (
          <Link to={`/cases/${request.caseId}/requests/${request.id}/edit`} className="button">{t("view.editDraft")}</Link>
        ) : null}
        {open ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <p id="withdraw-hint" className="mb-2 max-w-prose text-sm text-ink-muted">{t("view.withdrawIntro")}</p>
            <button type="submit" aria-describedby="withdraw-hint" className="button button-secondary">{t("view.withdraw")}</button>
          </Form>
        ) : null}
        <Link to={`/cases/${request.caseId}`} className="button button-secondary">{t("view.backToCase")}</Link>
      </div>
    </Page>
  );
}
