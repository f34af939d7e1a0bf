import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ActivityForm } from "~/components/plan/ActivityForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { swedishToday } from "~/lib/calendar";
import { DomainError } from "~/lib/errors";
import { orFailure, readForm } from "~/lib/http.server";
import { readActivityForm } from "~/lib/plan-form.server";
import { now } from "~/lib/time.server";
import { activityFormOptions } from "~/services/plan.server";
import { createActivity } from "~/services/plan-edit.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  return { options: await orFailure(activityFormOptions(actor, params.caseId ?? "")), today: swedishToday(now()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const caseId = params.caseId ?? "";
  const parsed = readActivityForm(await readForm(request));
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, error: null }, { status: 400 });
  try {
    await createActivity(actor, caseId, parsed.input);
    return redirect(`/cases/${caseId}/plan?notice=${parsed.input.organizationId === actor.organizationId ? "added" : "proposed"}`);
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ errors: {}, values: parsed.values, error: error.code }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:activity.newTitle");

export default function NewActivity() {
  const { t } = useTranslation("plan");
  const { t: tc } = useTranslation();
  const { options, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = Object.fromEntries(Object.entries(result?.errors ?? {}).map(([name, code]) => [name, t(`errors.${String(code).replace("plan.", "")}` as never)]));
  return (
    <Page title={t("activity.newTitle")}>
      <p className="mb-6 max-w-prose">{t("activity.newIntro", { reference: options.caseReference })}</p>
      {result?.error ? <Alert tone="error">{t(`errors.${result.error.replace("plan.", "")}` as never, { defaultValue: tc("errors.status.title") })}</Alert> : null}
      {Object.keys(errors).length > 0 ? <Alert tone="error">{t("errors.fix")}</Alert> : null}
      <ActivityForm options={options} values={result?.values ?? { startDate: today, endDate: today, extent: "50", status: "planned" }} errors={errors} editing={false} submitLabel={t("activity.save")} />
    </Page>
  );
}
