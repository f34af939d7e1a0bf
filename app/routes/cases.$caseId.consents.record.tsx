import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { ConsentTermsFields } from "~/components/consent/ConsentTermsFields";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { consentFormOptions, recordConsent } from "~/services/consent/ask.server";
import { recordConsentSchema } from "~/services/consent/forms";
import { consentFormDates } from "~/services/consent/terms.server";
import { typedValues } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["consent"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({
    options: await consentFormOptions(reader, idParam(params, "caseId")),
    ...consentFormDates(reader.at),
  }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, recordConsentSchema, async (reader, terms) => {
    const caseId = idParam(params, "caseId");
    await recordConsent(reader, caseId, terms);
    return redirect(`/cases/${caseId}?notice=consentRecorded`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:record.title");

export default function RecordConsent() {
  const { t } = useTranslation("consent");
  const { t: tc } = useTranslation();
  const { options, today, defaultUntil, maxUntil } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? Object.values(result?.fieldErrors ?? {})[0];
  const message = error ? tc(`errors.codes.${error}` as never) : undefined;
  const typed = (name: string): string | undefined => typedValues(result?.values)[name];
  return (
    <Page title={t("record.title")}>
      <p className="mb-6 max-w-prose">{t("record.intro", { reference: options.caseReference })}</p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Form method="post">
        <fieldset className="mb-4">
          <legend className="font-semibold">{t("record.method")}</legend>
          <label className="mr-6 inline-flex items-center gap-2"><input type="radio" name="method" value="recorded_oral" defaultChecked={typed("method") !== "recorded_paper"} className="h-5 w-5" /> {t("record.oral")}</label>
          <label className="inline-flex items-center gap-2"><input type="radio" name="method" value="recorded_paper" defaultChecked={typed("method") === "recorded_paper"} className="h-5 w-5" /> {t("record.paper")}</label>
        </fieldset>
        <Field name="givenAt" type="date" label={t("record.givenAt")} required defaultValue={typed("givenAt") ?? today} max={today} />
        <Field name="where" label={t("record.where")} hint={t("record.whereHint")} required maxLength={500} defaultValue={typed("where")} />
        <div className="mb-4">
          <label htmlFor="information" className="block font-semibold">{t("record.information")}</label>
          <p id="information-hint" className="text-sm text-ink-muted">{t("record.informationHint")}</p>
          <textarea id="information" name="information" rows={3} maxLength={2000} required defaultValue={typed("information")} aria-describedby="information-hint" className="mt-1 block w-full max-w-2xl rounded border-2 border-line px-3 py-2" />
        </div>
        <ConsentTermsFields options={options} defaultUntil={defaultUntil} maxUntil={maxUntil} errors={{}} values={result?.values} />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="button">{t("record.submit")}</button>
          <Link to=".." relative="path" className="button button-secondary">{t("form.cancel")}</Link>
        </div>
      </Form>
    </Page>
  );
}
