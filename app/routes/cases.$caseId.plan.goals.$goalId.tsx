import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ConflictNotice } from "~/components/plan/ConflictNotice";
import { conflictOf, failureOf, typedValues, useFieldErrors, usePlanErrorText } from "~/components/plan/form-failure";
import { GoalForm } from "~/components/plan/GoalForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { saveGoal } from "~/services/plan/edit.server";
import { goalEditSchema, goalSchema } from "~/services/plan/forms";
import { getGoalToEdit } from "~/services/plan/view.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["plan"] };

/** A goal of the plan: "new" creates one, an id edits it. Only the lead unit of an open case (else 404). */
const goalIdOf = (params: LoaderFunctionArgs["params"]) => (params.goalId === "new" ? null : idParam(params, "goalId"));

export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, (reader) => getGoalToEdit(reader, idParam(params, "caseId"), goalIdOf(params)));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const saved = (caseId: string) => redirect(`/cases/${caseId}/plan?notice=goalSaved`);
  if (params.goalId === "new") {
    return writeWith(request, requireOfficer, goalSchema, async (reader, input) => {
      const caseId = idParam(params, "caseId");
      await saveGoal(reader, caseId, input);
      return saved(caseId);
    });
  }
  return writeWith(request, requireOfficer, goalEditSchema, async (reader, { version, ...input }) => {
    const caseId = idParam(params, "caseId");
    await saveGoal(reader, caseId, input, { goalId: idParam(params, "goalId"), version });
    return saved(caseId);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:goal.title");

export default function GoalPage() {
  const { t } = useTranslation("plan");
  const { goal } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const conflict = conflictOf(failed);
  const errors = useFieldErrors(failed);
  const errorText = usePlanErrorText();
  const typed = failed ? typedValues(failed.values) : null;
  const stored = goal ? { text: goal.text, clientWords: goal.clientWords ?? "", targetDate: goal.targetDate ?? "", status: goal.status } : {};
  const labels = { text: t("goal.text"), clientWords: t("goal.clientWords"), targetDate: t("goal.targetDate"), status: t("goal.status") };
  return (
    <Page title={goal ? t("goal.editTitle") : t("goal.newTitle")}>
      <p className="mb-6"><Link to="../.." relative="path">{t("plan.back")}</Link></p>
      {conflict && typed ? <ConflictNotice changedBy={conflict.changedBy} theirs={conflict.theirs} yours={typed} labels={labels} display={(key, value) => (key === "status" ? t(`goalStatus.${value}` as never) : value)} /> : null}
      {failed && !conflict ? <Alert tone="error">{Object.keys(errors).length > 0 ? t("errors.fix") : errorText(failed.error)}</Alert> : null}
      <GoalForm
        key={conflict ? `conflict-${conflict.version}` : "edit"}
        values={typed ?? stored}
        errors={errors}
        version={conflict?.version ?? (typed?.version ? Number(typed.version) : goal?.version)}
        submitLabel={conflict ? t("conflict.saveMine") : t("goal.save")}
      />
    </Page>
  );
}
