import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ActivityForm } from "~/components/plan/ActivityForm";
import { ConflictNotice } from "~/components/plan/ConflictNotice";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { field, orFailure, readForm } from "~/lib/http.server";
import { asValues, readActivityForm } from "~/lib/plan-form.server";
import { activityFormOptions, getActivity } from "~/services/plan.server";
import { updateActivity, VersionConflict } from "~/services/plan-edit.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const activity = await orFailure(getActivity(actor, params.caseId ?? "", params.activityId ?? ""));
  if (!activity.canEdit) throw redirect(`/cases/${params.caseId}/plan`);
  return { activity, options: await orFailure(activityFormOptions(actor, params.caseId ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const form = await readForm(request);
  const parsed = readActivityForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, conflict: null, error: null }, { status: 400 });
  try {
    await updateActivity(actor, params.activityId ?? "", parsed.input, Number(field(form, "version")));
    return redirect(`/cases/${params.caseId}/plan?notice=saved`);
  } catch (error) {
    if (error instanceof VersionConflict) {
      return data({ errors: {}, values: parsed.values, conflict: { theirs: asValues(error.current), version: error.currentVersion, changedBy: error.changedBy }, error: null }, { status: 409 });
    }
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ errors: {}, values: parsed.values, conflict: null, error: error.code }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:activity.editTitle");

export default function EditActivity() {
  const { t, i18n } = useTranslation("plan");
  const { activity, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const detail = activity.detail!;
  const stored = {
    title: detail.title, typeCode: detail.type.code, goalId: detail.goalId ?? "", organizationId: activity.organizationId, unitId: detail.unitId,
    assigneeId: detail.assignee?.id ?? "", startDate: detail.startDate, endDate: detail.endDate, extent: String(detail.extent), status: detail.status,
    followUpDate: detail.followUpDate ?? "", note: detail.note ?? "", categoryCode: detail.category.code,
  };
  const labels = Object.fromEntries(["title", "startDate", "endDate", "extent", "status", "followUpDate", "note", "unitId", "assigneeId", "typeCode", "categoryCode", "goalId"].map((key) => [key, t(`activity.${key === "typeCode" ? "type" : key === "categoryCode" ? "category" : key === "goalId" ? "goal" : key === "unitId" ? "unit" : key === "assigneeId" ? "assignee" : key}` as never)]));
  // Ids and codes as the form's lists name them.
  const language = i18n.language === "en" ? "en" : "sv";
  const names = new Map<string, string>([
    ...options.organizations.flatMap((org) => [...org.units.map((unit) => [unit.id, unit.name] as const), ...org.officers.map((officer) => [officer.id, officer.name] as const)]),
    ...options.organizations.flatMap((org) => org.categories.map((category) => [category.code, category.name[language]] as const)),
    ...options.types.map((type) => [type.code, type.name[language]] as const),
    ...options.goals.map((goal) => [goal.id, goal.text] as const),
  ]);
  const display = (key: string, value: string) => (key === "status" ? t(`status.${value}` as never) : (names.get(value) ?? value));
  const errors = Object.fromEntries(Object.entries(result?.errors ?? {}).map(([name, code]) => [name, t(`errors.${String(code).replace("plan.", "")}` as never)]));
  return (
    <Page title={`${t("activity.editTitle")}: ${detail.title}`}>
      <p className="mb-6">
        <Link to="../.." relative="path">{t("plan.back")}</Link>
      </p>
      {result?.conflict ? <ConflictNotice changedBy={result.conflict.changedBy} theirs={result.conflict.theirs} yours={result.values} labels={labels} display={display} /> : null}
      {result?.error ? <Alert tone="error">{t(`errors.${result.error.replace("plan.", "")}` as never)}</Alert> : null}
      <ActivityForm
        key={result?.conflict ? `conflict-${result.conflict.version}` : "edit"}
        options={options}
        values={result?.values ?? stored}
        errors={errors}
        version={result?.conflict?.version ?? detail.version}
        editing
        submitLabel={result?.conflict ? t("conflict.saveMine") : t("activity.save")}
      />
      <p className="mt-6">
        <Link to={`../../history/${activity.id}`} relative="path">{t("history.link")}</Link>
      </p>
    </Page>
  );
}
