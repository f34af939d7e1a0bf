import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { RequestHistory } from "~/components/requests/RequestHistory";
import { RequestItems } from "~/components/requests/RequestItems";
import { RequestSummary } from "~/components/requests/RequestSummary";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { orFailure } from "~/lib/http.server";
import { getRequestForRequester } from "~/services/requests-views.server";
import { withdrawRequest } from "~/services/requests.server";

const officers = ["case_officer", "rehab_coordinator"] as const;
const notices = ["submitted", "saved", "withdrawn"] as const;

/** The requesting organisation's view of its request: the envelope, each answer (gated and recorded), the history. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  return { request: await orFailure(getRequestForRequester(actor, params.caseId ?? "", params.requestId ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  try {
    await withdrawRequest(actor, params.requestId ?? "");
    return redirect(`/cases/${params.caseId}/requests/${params.requestId}?notice=withdrawn`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ error: error.code }, { status: 409 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => {
  const [title] = pageTitle(matches, "requests:view.title");
  return [{ title: loaded ? `${loaded.request.reference} – ${title!.title}` : title!.title }];
};

export default function RequestPage() {
  const { t } = useTranslation("requests");
  const { request } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((candidate) => candidate === params.get("notice"));
  const open = request.status === "draft" || request.status === "submitted" || request.status === "in_review";
  return (
    <Page title={`${t("view.title")} ${request.reference}`}>
      {notice ? <Alert tone="success">{t(`view.notice.${notice}`)}</Alert> : null}
      {result?.error ? <Alert tone="error">{t(`errors.${result.error}` as never)}</Alert> : null}
      <RequestSummary request={request} />
      <RequestItems items={request.items} />
      <RequestHistory transitions={request.transitions} />
      <div className="no-print flex flex-wrap items-start gap-3">
        {request.status === "draft" ? (
          <Link to={`/cases/${request.caseId}/requests/${request.id}/edit`} className="button">{t("view.editDraft")}</Link>
        ) : null}
        {open ? (
          <Form method="post">
            <p id="withdraw-hint" className="mb-2 max-w-prose text-sm text-ink-muted">{t("view.withdrawIntro")}</p>
            <button type="submit" aria-describedby="withdraw-hint" className="button button-secondary">{t("view.withdraw")}</button>
          </Form>
        ) : null}
        <Link to={`/cases/${request.caseId}`} className="button button-secondary">{t("view.backToCase")}</Link>
      </div>
    </Page>
  );
}
