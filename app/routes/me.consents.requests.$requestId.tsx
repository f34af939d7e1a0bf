import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { i18nServer } from "~/i18n/i18next.server";
import { pageTitle } from "~/i18n/meta";
import { startEidSignIn } from "~/lib/auth/eid.server";
import { DomainError } from "~/lib/errors";
import { formatDate } from "~/lib/format";
import { failure } from "~/lib/http.server";
import { answerConsentSchema } from "~/services/consent/forms";
import { beginConsentSigning, declineConsentRequest } from "~/services/consent/signing.server";
import { getConsentRequestForClient } from "~/services/consent/views.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["consent"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireClient, async (reader) => ({ request: await getConsentRequestForClient(reader, idParam(params, "requestId")) }));
}

/** Accepting is a signing act: the chosen lines wait while the client signs again with e-ID. */
export async function action({ request, params }: ActionFunctionArgs) {
  const outcome = await writeWith(request, requireClient, answerConsentSchema, async (reader, input) => {
    const requestId = idParam(params, "requestId");
    if (input.intent === "decline") {
      await declineConsentRequest(reader, requestId);
      return redirect("/me/consents?declined=1");
    }
    return { ok: true as const, signingId: await beginConsentSigning(reader, requestId, input.line) };
  });
  if (!("signingId" in outcome)) return outcome;
  // After the transaction: the e-ID provider is asked for a fresh authentication, which is the signature.
  // A broker that cannot be reached is its translated 503 page (eid.unavailable), as on /auth/eid/start.
  const { url, cookie } = await startEidSignIn(request, { returnTo: "/me/consents", language: await i18nServer.getLocale(request), forceLogin: true, signingId: outcome.signingId }).catch((error: unknown) => {
    throw error instanceof DomainError ? failure(error.status, error.code) : error;
  });
  return redirect(url, { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:review.title");

export default function ReviewConsentRequest() {
  const { t, i18n } = useTranslation("consent");
  const { t: tc } = useTranslation();
  const { request } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <Page title={t("review.title")}>
      <p className="mb-4 max-w-prose">{t("review.from", { person: request.requestedBy, unit: request.unit, organization: request.organization })}</p>
      <p className="mb-2 max-w-prose"><span className="font-semibold">{t("review.why")}</span> {request.purpose}</p>
      <p className="mb-6 max-w-prose">{t("review.until", { date: formatDate(request.validUntil, i18n.language, "long") })}</p>
      <p className="mb-6 max-w-prose">{t("review.voluntary")}</p>
      {result && "error" in result ? <Alert tone="error">{tc(`errors.codes.${result.error}` as never)}</Alert> : null}
      <Form method="post">
        <fieldset>
          <legend className="mb-2 text-lg font-semibold">{t("review.linesLegend")}</legend>
          <ul className="space-y-3">
            {request.lines.map((line) => (
              <li key={line.id} className="flex items-start gap-3 rounded border border-line p-3">
                <input id={`line-${line.id}`} type="checkbox" name="line" value={line.id} defaultChecked className="mt-1 h-5 w-5" aria-describedby={`plain-${line.id}`} />
                <label htmlFor={`line-${line.id}`}>
                  <span className="font-semibold">{t("card.line", { discloser: line.discloser, recipient: line.recipient, category: line.category[language] })}</span>
                  <span id={`plain-${line.id}`} className="block text-sm text-ink-muted">{line.plain[language]}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p className="my-4 max-w-prose">{t("review.signHint")}</p>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="accept" className="button">{t("review.accept")}</button>
          <button type="submit" name="intent" value="decline" formNoValidate className="button button-secondary">{t("review.decline")}</button>
        </div>
      </Form>
    </Page>
  );
}
