import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ConflictNotice } from "~/components/plan/ConflictNotice";
import { GoalForm } from "~/components/plan/GoalForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { DomainError } from "~/lib/errors";
import { failure, field, orFailure, readForm } from "~/lib/http.server";
import { asValues, readGoalForm } from "~/lib/plan-form.server";
import { getPlan } from "~/services/plan.server";
import { saveGoal, VersionConflict } from "~/services/plan-edit.server";

/** A goal of the plan: "new" creates one, an id edits it. Only the lead organisation saves. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const plan = await orFailure(getPlan(actor, params.caseId ?? ""));
  if (!plan.viewerIsLead) throw failure(404, "not_found");
  const goal = params.goalId === "new" ? null : plan.goals.find((candidate) => candidate.id === params.goalId);
  if (goal === undefined) throw failure(404, "not_found");
  return { goal, reference: plan.reference };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireStaff(request, { roles: ["case_officer", "rehab_coordinator"] });
  const caseId = params.caseId ?? "";
  const form = await readForm(request);
  const parsed = readGoalForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, conflict: null, error: null }, { status: 400 });
  try {
    const existing = params.goalId === "new" ? undefined : { goalId: params.goalId ?? "", version: Number(field(form, "version")) };
    await saveGoal(actor, caseId, parsed.input, existing);
    return redirect(`/cases/${caseId}/plan?notice=goalSaved`);
  } catch (error) {
    if (error instanceof VersionConflict) {
      return data({ errors: {}, values: parsed.values, conflict: { theirs: asValues(error.current), version: error.currentVersion, changedBy: error.changedBy }, error: null }, { status: 409 });
    }
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ errors: {}, values: parsed.values, conflict: null, error: error.code }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:goal.title");

export default function GoalPage() {
  const { t } = useTranslation("plan");
  const { goal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = Object.fromEntries(Object.entries(result?.errors ?? {}).map(([name, code]) => [name, t(`errors.${String(code).replace("plan.", "")}` as never)]));
  const stored = goal ? { text: goal.text, clientWords: goal.clientWords ?? "", targetDate: goal.targetDate ?? "", status: goal.status } : {};
  const labels = { text: t("goal.text"), clientWords: t("goal.clientWords"), targetDate: t("goal.targetDate"), status: t("goal.status") };
  return (
    <Page title={goal ? t("goal.editTitle") : t("goal.newTitle")}>
      <p className="mb-6"><Link to="../.." relative="path">{t("plan.back")}</Link></p>
      {result?.conflict ? <ConflictNotice changedBy={result.conflict.changedBy} theirs={result.conflict.theirs} yours={result.values} labels={labels} display={(key, value) => (key === "status" ? t(`goalStatus.${value}` as never) : value)} /> : null}
      {result?.error ? <Alert tone="error">{t(`errors.${result.error.replace("plan.", "")}` as never)}</Alert> : null}
      <GoalForm key={result?.conflict ? `conflict-${result.conflict.version}` : "edit"} values={result?.values ?? stored} errors={errors} version={result?.conflict?.version ?? goal?.version} submitLabel={result?.conflict ? t("conflict.saveMine") : t("goal.save")} />
    </Page>
  );
}
