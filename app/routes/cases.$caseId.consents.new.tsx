import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { ConsentTermsFields } from "~/components/consent/ConsentTermsFields";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { consentFormOptions, createConsentRequest } from "~/services/consent/ask.server";
import { consentTermsSchema } from "~/services/consent/forms";
import { consentFormDates } from "~/services/consent/terms.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["consent"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({
    options: await consentFormOptions(reader, idParam(params, "caseId")),
    ...consentFormDates(reader.at),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, consentTermsSchema, async (reader, terms) => {
    const caseId = idParam(params, "caseId");
    await createConsentRequest(reader, caseId, terms);
    return redirect(`/cases/${caseId}?notice=consentRequested`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:form.askTitle");

export default function AskConsent() {
  const { t } = useTranslation("consent");
  const { t: tc } = useTranslation();
  const { options, defaultUntil, maxUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? Object.values(result?.fieldErrors ?? {})[0];
  const message = error ? tc(`errors.codes.${error}` as never) : undefined;
  const at = (names: string[]) => (error && names.includes(error) ? message : undefined);
  return (
    <Page title={t("form.askTitle")}>
      <p className="mb-2 max-w-prose">{t("form.askIntro", { reference: options.caseReference })}</p>
      <p className="mb-6 max-w-prose">{t("form.specificHint")}</p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="post">
        <ConsentTermsFields
          options={options}
          defaultUntil={defaultUntil}
          maxUntil={maxUntil}
          errors={{
            lines: at(["consent.no_lines", "consent.invalid_line"]),
            purpose: at(["consent.purpose_required", "consent.purpose_too_long"]),
            validUntil: at(["consent.valid_until_invalid"]),
          }}
          values={result?.values}
        />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">{t("form.send")}</button>
          <Link to=".." relative="path" className="button button-secondary">{t("form.cancel")}</Link>
        </div>
      </Form>
    </Page>
  );
}
