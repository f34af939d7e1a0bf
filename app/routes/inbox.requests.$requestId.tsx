import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { AnswerForm } from "~/components/requests/AnswerForm";
import { failureOf, useRequestErrorText } from "~/components/requests/form-failure";
import { RequestHistory } from "~/components/requests/RequestHistory";
import { RequestItems } from "~/components/requests/RequestItems";
import { RequestSummary } from "~/components/requests/RequestSummary";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { sendAnswer } from "~/services/requests/answer.server";
import { answerFormLimit, inboxActionSchema, readAnswerInput } from "~/services/requests/forms";
import { claimRequest, getInboxRequest, unclaimRequest } from "~/services/requests/inbox.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["requests"] };

const notices = ["sent", "claimed", "unclaimed"] as const;

/** One request to the unit: the person, what is asked and why; claim it, review each item, send the answer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({ request: await getInboxRequest(reader, idParam(params, "requestId")) }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  // An answer may carry PDFs: the body limit is the answer form's, read only after the guard.
  return writeWith(
    request,
    requireOfficer,
    inboxActionSchema,
    async (reader, input, form) => {
      const requestId = idParam(params, "requestId");
      if (input.intent === "claim") await claimRequest(reader, requestId);
      else if (input.intent === "unclaim") await unclaimRequest(reader, requestId);
      else await sendAnswer(reader, requestId, await readAnswerInput(form));
      const notice = input.intent === "claim" ? "claimed" : input.intent === "unclaim" ? "unclaimed" : "sent";
      return redirect(`/inbox/requests/${requestId}?notice=${notice}`);
    },
    { formLimit: answerFormLimit },
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => {
  const [title] = pageTitle(matches, "requests:answer.title");
  return [{ title: loaded ? `${loaded.request.reference} – ${title!.title}` : title!.title }];
};

export default function AnswerRequest() {
  const { t, i18n } = useTranslation("requests");
  const errorText = useRequestErrorText();
  const language = i18n.language === "en" ? "en" : "sv";
  const { request } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const [params] = useSearchParams();
  const notice = notices.find((candidate) => candidate === params.get("notice"));
  const reviewing = request.status === "in_review" && request.claimedByMe;
  return (
    <Page title={`${t("answer.title")}: ${request.reference}`}>
      {notice && !failed ? (
        <Alert tone="success">{notice === "sent" ? t("answer.sentNotice", { unit: request.requester.unit }) : t(`answer.${notice}Notice`)}</Alert>
      ) : null}
      {failed ? <Alert tone="error">{errorText(failed.error)}</Alert> : null}
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
          <AnswerForm items={request.items} failed={failed?.values.intent === "answer" ? failed : null} />
        </section>
      ) : (
        <RequestItems items={request.items} />
      )}
      <RequestHistory transitions={request.transitions} />
      <p className="no-print"><Link to="/inbox/requests">{t("stats.back")}</Link></p>
    </Page>
  );
}
