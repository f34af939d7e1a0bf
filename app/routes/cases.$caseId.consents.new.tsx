import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { ConsentTermsFields } from "~/components/consent/ConsentTermsFields";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { dateInputValue, monthsFrom, readConsentTerms } from "~/lib/consent-form.server";
import { DomainError } from "~/lib/errors";
import { orFailure, readForm } from "~/lib/http.server";
import { now } from "~/lib/time.server";
import { consentFormOptions } from "~/services/consent-views.server";
import { createConsentRequest, maxConsentMonths } from "~/services/consent.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const options = await orFailure(consentFormOptions(actor, params.caseId ?? ""));
  return { options, defaultUntil: dateInputValue(monthsFrom(now(), 6)), maxUntil: dateInputValue(monthsFrom(now(), maxConsentMonths)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const caseId = params.caseId ?? "";
  const terms = readConsentTerms(await readForm(request));
  try {
    await createConsentRequest(actor, caseId, terms);
    return redirect(`/cases/${caseId}?notice=consentRequested`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ error: error.code }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:form.askTitle");

export default function AskConsent() {
  const { t } = useTranslation("consent");
  const { t: tc } = useTranslation();
  const { options, defaultUntil, maxUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const message = result?.error ? tc(`errors.codes.${result.error}` as never) : undefined;
  const at = (names: string[]) => (result?.error && names.includes(result.error) ? message : undefined);
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
        />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">{t("form.send")}</button>
          <Link to=".." relative="path" className="button button-secondary">{t("form.cancel")}</Link>
        </div>
      </Form>
    </Page>
  );
}
