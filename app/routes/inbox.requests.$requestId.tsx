import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { AnswerForm } from "~/components/requests/AnswerForm";
import { RequestHistory } from "~/components/requests/RequestHistory";
import { RequestItems } from "~/components/requests/RequestItems";
import { RequestSummary } from "~/components/requests/RequestSummary";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { field, orFailure, readForm } from "~/lib/http.server";
import { answerFormLimit, readAnswerInput, typedValues } from "~/lib/requests/form.server";
import { AnswerRejected, sendAnswer } from "~/services/requests-answer.server";
import { claimRequest, getInboxRequest, unclaimRequest } from "~/services/requests-inbox.server";

const officers = ["case_officer", "rehab_coordinator"] as const;
const notices = ["sent", "claimed", "unclaimed"] as const;

/** One request to the unit: the person, what is asked and why; claim it, review each item, send the answer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  return { request: await orFailure(getInboxRequest(actor, params.requestId ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: officers });
  const requestId = params.requestId ?? "";
  const form = await readForm(request, answerFormLimit);
  const intent = field(form, "intent");
  try {
    if (intent === "claim") await claimRequest(actor, requestId);
    else if (intent === "unclaim") await unclaimRequest(actor, requestId);
    else await sendAnswer(actor, requestId, await readAnswerInput(form));
    const notice = intent === "claim" ? "claimed" : intent === "unclaim" ? "unclaimed" : "sent";
    return redirect(`/inbox/requests/${requestId}?notice=${notice}`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    const itemErrors = error instanceof AnswerRejected ? error.errors : {};
    return data({ error: error.code, itemErrors, values: typedValues(form) }, { status: error.status });
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => {
  const [title] = pageTitle(matches, "requests:answer.title");
  return [{ title: loaded ? `${loaded.request.reference} – ${title!.title}` : title!.title }];
};

export default function AnswerRequest() {
  const { t, i18n } = useTranslation("requests");
  const language = i18n.language === "en" ? "en" : "sv";
  const { request } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((candidate) => candidate === params.get("notice"));
  const reviewing = request.status === "in_review" && request.claimedByMe;
  return (
    <Page title={`${t("answer.title")}: ${request.reference}`}>
      {notice && !result ? (
        <Alert tone="success">{notice === "sent" ? t("answer.sentNotice", { unit: request.requester.unit }) : t(`answer.${notice}Notice`)}</Alert>
      ) : null}
      {result?.error ? <Alert tone="error">{t(`errors.${result.error}` as never)}</Alert> : null}
      <h2 className="mb-2 text-xl font-semibold">{t("answer.person")}</h2>
      {request.client.protectedIdentity ? <p className="mb-2 max-w-prose font-semibold text-warning-800">{t("answer.protectedWarning")}</p> : null}
      <dl className="mb-6 grid max-w-3xl grid-cols-1 gap-x-6 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">{t("answer.person")}</dt>
        <dd>{request.client.name ?? t("answer.protectedIdentity")}</dd>
        <dt className="font-semibold">{t("answer.personnummer")}</dt>
        <dd>{request.client.personnummer ?? t("answer.protectedIdentity")}</dd>
      </dl>
      <h2 className="mb-2 text-xl font-semibold">{t("view.title")}</h2>
      <RequestSummary request={request} />
      <p className="mb-6 max-w-prose">
        {request.basis === "legal" ? t("answer.legalNote", { statute: request.legalLabel?.[language] ?? request.legalReference }) : t("answer.consentNote")}
      </p>

      {request.status === "submitted" ? (
        <Form method="post" className="mb-6">
          <input type="hidden" name="intent" value="claim" />
          <p className="mb-2 max-w-prose">{t("answer.claimIntro")}</p>
          <button type="submit" className="button">{t("answer.claim")}</button>
        </Form>
      ) : null}
      {request.status === "in_review" ? (
        <Form method="post" className="mb-6">
          <input type="hidden" name="intent" value="unclaim" />
          <p className="mb-2 font-semibold">{request.claimedByMe ? t("answer.claimedByMe") : t("answer.claimedByOther", { name: request.claimedBy?.name ?? "" })}</p>
          <button type="submit" className="button button-secondary">{t("answer.unclaim")}</button>
        </Form>
      ) : null}

      {reviewing ? (
        <section aria-labelledby="review-heading" className="mb-6">
          <h2 id="review-heading" className="mb-2 text-xl font-semibold">{t("answer.title")}</h2>
          <p className="mb-4 max-w-prose">{t("answer.intro")}</p>
          <AnswerForm items={request.items} errors={result?.itemErrors} values={result?.values} />
        </section>
      ) : (
        <RequestItems items={request.items} />
      )}
      <RequestHistory transitions={request.transitions} />
      <p className="no-print"><Link to="/inbox/requests">{t("stats.back")}</Link></p>
    </Page>
  );
}
