import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { ConsentTermsFields } from "~/components/consent/ConsentTermsFields";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { dateInputValue, monthsFrom, readConsentTerms } from "~/lib/consent-form.server";
import { DomainError } from "~/lib/errors";
import { field, orFailure, readForm } from "~/lib/http.server";
import { now } from "~/lib/time.server";
import { consentFormOptions } from "~/services/consent-views.server";
import { maxConsentMonths, recordConsent } from "~/services/consent.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const options = await orFailure(consentFormOptions(actor, params.caseId ?? ""));
  return { options, today: dateInputValue(now()), defaultUntil: dateInputValue(monthsFrom(now(), 6)), maxUntil: dateInputValue(monthsFrom(now(), maxConsentMonths)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const caseId = params.caseId ?? "";
  const form = await readForm(request);
  const givenOn = field(form, "givenAt");
  try {
    await recordConsent(actor, caseId, {
      ...readConsentTerms(form),
      method: field(form, "method") === "recorded_paper" ? "recorded_paper" : "recorded_oral",
      givenAt: /^\d{4}-\d{2}-\d{2}$/.test(givenOn) ? new Date(`${givenOn}T12:00:00Z`) : new Date(Number.NaN),
      where: field(form, "where"),
      information: field(form, "information"),
    });
    return redirect(`/cases/${caseId}?notice=consentRecorded`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ error: error.code }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:record.title");

export default function RecordConsent() {
  const { t } = useTranslation("consent");
  const { t: tc } = useTranslation();
  const { options, today, defaultUntil, maxUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const message = result?.error ? tc(`errors.codes.${result.error}` as never) : undefined;
  return (
    <Page title={t("record.title")}>
      <p className="mb-6 max-w-prose">{t("record.intro", { reference: options.caseReference })}</p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="post">
        <fieldset className="mb-4">
          <legend className="font-semibold">{t("record.method")}</legend>
          <label className="mr-6 inline-flex items-center gap-2"><input type="radio" name="method" value="recorded_oral" defaultChecked className="h-5 w-5" /> {t("record.oral")}</label>
          <label className="inline-flex items-center gap-2"><input type="radio" name="method" value="recorded_paper" className="h-5 w-5" /> {t("record.paper")}</label>
        </fieldset>
        <Field name="givenAt" type="date" label={t("record.givenAt")} required defaultValue={today} max={today} />
        <Field name="where" label={t("record.where")} hint={t("record.whereHint")} required maxLength={500} />
        <div className="mb-4">
          <label htmlFor="information" className="block font-semibold">{t("record.information")}</label>
          <p id="information-hint" className="text-sm text-ink-muted">{t("record.informationHint")}</p>
          <textarea id="information" name="information" rows={3} maxLength={2000} required aria-describedby="information-hint" className="mt-1 block w-full max-w-2xl rounded border-2 border-line px-3 py-2" />
        </div>
        <ConsentTermsFields options={options} defaultUntil={defaultUntil} maxUntil={maxUntil} errors={{}} />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">{t("record.submit")}</button>
          <Link to=".." relative="path" className="button button-secondary">{t("form.cancel")}</Link>
        </div>
      </Form>
    </Page>
  );
}
