import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ActivityForm } from "~/components/plan/ActivityForm";
import { failureOf, typedValues, useFieldErrors, usePlanErrorText } from "~/components/plan/form-failure";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { swedishToday } from "~/lib/calendar";
import { createActivity } from "~/services/plan/edit.server";
import { activityFormOptions } from "~/services/plan/form-options.server";
import { activitySchema } from "~/services/plan/forms";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["plan"] };

/** A new activity: the officer's own organisation's, or a proposal for another organisation on the case. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({ options: await activityFormOptions(reader, idParam(params, "caseId")), today: swedishToday(reader.at) }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, activitySchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    await createActivity(reader, caseId, input);
    return redirect(`/cases/${caseId}/plan?notice=${input.organizationId === reader.actor.organizationId ? "added" : "proposed"}`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:activity.newTitle");

export default function NewActivity() {
  const { t } = useTranslation("plan");
  const { options, today } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const errors = useFieldErrors(failed);
  const errorText = usePlanErrorText();
  return (
    <Page title={t("activity.newTitle")}>
      <p className="mb-6 max-w-prose">{t("activity.newIntro", { reference: options.caseReference })}</p>
      {failed && Object.keys(errors).length > 0 ? <Alert tone="error">{t("errors.fix")}</Alert> : failed ? <Alert tone="error">{errorText(failed.error)}</Alert> : null}
      <ActivityForm
        options={options}
        values={failed ? typedValues(failed.values) : { startDate: today, endDate: today, extent: "50", status: "planned" }}
        errors={errors}
        editing={false}
        submitLabel={t("activity.save")}
      />
    </Page>
  );
}
