import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ActivityForm } from "~/components/plan/ActivityForm";
import { ConflictNotice } from "~/components/plan/ConflictNotice";
import { conflictOf, failureOf, typedValues, useFieldErrors, usePlanErrorText } from "~/components/plan/form-failure";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { updateActivity } from "~/services/plan/edit.server";
import { activityFormOptions } from "~/services/plan/form-options.server";
import { activityEditSchema } from "~/services/plan/forms";
import { getActivity } from "~/services/plan/view.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["plan"] };

/** Editing one of the organisation's own activities; anything else on the plan goes back to the plan. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const loaded = await readWith(request, requireOfficer, async (reader) => {
    const caseId = idParam(params, "caseId");
    const activity = await getActivity(reader, caseId, idParam(params, "activityId"));
    return activity.canEdit ? { activity, options: await activityFormOptions(reader, caseId) } : null;
  });
  if (!loaded) throw redirect(`/cases/${params.caseId}/plan`);
  return loaded;
}

/** Saves the edit unless someone saved the activity since the version the editor saw (then: both versions, 409). */
export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, activityEditSchema, async (reader, { version, ...input }) => {
    const caseId = idParam(params, "caseId");
    await updateActivity(reader, idParam(params, "caseId"), idParam(params, "activityId"), input, version);
    return redirect(`/cases/${caseId}/plan?notice=saved`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:activity.editTitle");

const labelKeys: Record<string, string> = {
  title: "title", startDate: "startDate", endDate: "endDate", extent: "extent", status: "status", followUpDate: "followUpDate", note: "note",
  unitId: "unit", assigneeId: "assignee", typeCode: "type", categoryCode: "category", goalId: "goal",
};

export default function EditActivity() {
  const { t, i18n } = useTranslation("plan");
  const { activity, options } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const conflict = conflictOf(failed);
  const errors = useFieldErrors(failed);
  const errorText = usePlanErrorText();
  const detail = activity.detail!;
  const stored = {
    title: detail.title, typeCode: detail.type.code, goalId: detail.goalId ?? "", organizationId: activity.organizationId, unitId: detail.unitId,
    assigneeId: detail.assignee?.id ?? "", startDate: detail.startDate, endDate: detail.endDate, extent: String(detail.extent), status: detail.status,
    followUpDate: detail.followUpDate ?? "", note: detail.note ?? "", categoryCode: detail.category.code,
  };
  // After a refusal: what was typed, and the version it was typed against (their version after a conflict).
  const typed = failed ? typedValues(failed.values) : null;
  const labels = Object.fromEntries(Object.entries(labelKeys).map(([key, label]) => [key, t(`activity.${label}` as never)]));
  // Ids and codes as the form's lists name them.
  const language = i18n.language === "en" ? "en" : "sv";
  const names = new Map<string, string>([
    ...options.organizations.flatMap((org) => [...org.units.map((unit) => [unit.id, unit.name] as const), ...org.officers.map((officer) => [officer.id, officer.name] as const)]),
    ...options.organizations.flatMap((org) => org.categories.map((category) => [category.code, category.name[language]] as const)),
    ...options.types.map((type) => [type.code, type.name[language]] as const),
    ...options.goals.map((goal) => [goal.id, goal.text] as const),
  ]);
  const display = (key: string, value: string) => (key === "status" ? t(`status.${value}` as never) : (names.get(value) ?? value));
  return (
    <Page title={`${t("activity.editTitle")}: ${detail.title}`}>
      <p className="mb-6">
        <Link to="../.." relative="path">{t("plan.back")}</Link>
      </p>
      {conflict && typed ? <ConflictNotice changedBy={conflict.changedBy} theirs={conflict.theirs} yours={typed} labels={labels} display={display} /> : null}
      {failed && !conflict ? <Alert tone="error">{Object.keys(errors).length > 0 ? t("errors.fix") : errorText(failed.error)}</Alert> : null}
      <ActivityForm
        key={conflict ? `conflict-${conflict.version}` : "edit"}
        options={options}
        values={typed ?? stored}
        errors={errors}
        version={conflict?.version ?? (typed?.version ? Number(typed.version) : detail.version)}
        editing
        submitLabel={conflict ? t("conflict.saveMine") : t("activity.save")}
      />
      <p className="mt-6">
        <Link to={`../../history/${activity.id}`} relative="path">{t("history.link")}</Link>
      </p>
    </Page>
  );
}
