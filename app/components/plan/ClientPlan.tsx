import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { PlanView } from "~/services/plan/view.server";
import { typedValues, usePlanErrorText, type PlanFormFailure } from "./form-failure";

/**
 * The plan for the person it is about, in plain words: what is planned, who is responsible, what
 * comes next. `failed` is the refused comment (the route frame's answer): its error is shown at
 * the goal it was about and what was typed is kept.
 */
export function ClientPlan({ plan, commentedGoalId, failed = null }: { plan: PlanView; commentedGoalId: string | null; failed?: PlanFormFailure | null }) {
  const { t, i18n } = useTranslation("plan");
  const errorText = usePlanErrorText();
  const typed = failed ? typedValues(failed.values) : null;
  const language = i18n.language === "en" ? "en" : "sv";
  const upcoming = plan.nextFollowUp;
  return (
    <section aria-labelledby={`plan-${plan.caseId}`} className="mb-section">
      <h3 id={`plan-${plan.caseId}`} className="text-xl font-semibold">{t("client.planHeading")}</h3>
      <p className="mt-1 font-semibold">{upcoming ? t("client.nextFollowUp", { date: formatDate(upcoming, i18n.language) }) : t("client.noFollowUp")}</p>

      <h4 className="mt-4 text-lg font-semibold">{t("client.goalsHeading")}</h4>
      {plan.goals.length === 0 ? <p>{t("goal.none")}</p> : null}
      <ul className="mt-2 space-y-3">
        {plan.goals.map((goal) => (
          <li key={goal.id} className="rounded border border-line p-4">
            <p className="font-semibold">{goal.clientWords ? `”${goal.clientWords}”` : goal.text}</p>
            {goal.clientWords ? <p className="text-sm text-ink-muted">{goal.text}</p> : null}
            <p className="text-sm">{t(`goalStatus.${goal.status}`)}{goal.targetDate ? ` · ${t("goal.targetLine", { date: formatDate(goal.targetDate, i18n.language) })}` : ""}</p>
            {goal.comments.map((comment) => (
              <p key={comment.id} className="mt-1 text-sm">{t("goal.clientComment")}: {comment.text}</p>
            ))}
            {commentedGoalId === goal.id ? <p role="status" className="mt-2 font-semibold text-success-700">{t("client.commentSent")}</p> : null}
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="comment" />
              <input type="hidden" name="goalId" value={goal.id} />
              <label htmlFor={`comment-${goal.id}`} className="block font-semibold">{t("client.comment")}</label>
              <p id={`comment-hint-${goal.id}`} className="text-sm text-ink-muted">{t("client.commentHint")}</p>
              {typed?.goalId === goal.id ? (
                <p id={`comment-error-${goal.id}`} className="font-semibold text-danger-700">{errorText(failed!.fieldErrors.text ?? failed!.error)}</p>
              ) : null}
              <textarea
                id={`comment-${goal.id}`}
                name="text"
                rows={2}
                maxLength={1000}
                required
                defaultValue={typed?.goalId === goal.id ? typed.text : undefined}
                aria-invalid={typed?.goalId === goal.id ? true : undefined}
                aria-describedby={typed?.goalId === goal.id ? `comment-hint-${goal.id} comment-error-${goal.id}` : `comment-hint-${goal.id}`}
                className="mt-1 block w-full max-w-xl rounded border-2 border-line px-3 py-2"
              />
              <button type="submit" className="button mt-2">{t("client.sendComment")}</button>
            </Form>
          </li>
        ))}
      </ul>

      <h4 className="mt-6 text-lg font-semibold">{t("client.activitiesHeading")}</h4>
      {plan.activities.filter((activity) => activity.detail && activity.proposal === "accepted").length === 0 ? <p>{t("activity.none")}</p> : null}
      <ul className="mt-2 space-y-2">
        {plan.activities
          .filter((activity) => activity.detail && activity.proposal === "accepted")
          .map((activity) => (
            <li key={activity.id} className="rounded border border-line p-3" data-testid="client-activity">
              <p className="font-semibold">{activity.detail!.title} ({activity.detail!.type[language]})</p>
              <p>{t("client.responsible", { organization: activity.organization, unit: activity.detail!.unit })}</p>
              <p>
                {formatDate(activity.detail!.startDate, i18n.language)} – {formatDate(activity.detail!.endDate, i18n.language)}, {t("activity.extentLine", { extent: activity.detail!.extent })}
              </p>
              {activity.detail!.followUpDate ? <p>{t("activity.followUpDate")}: {formatDate(activity.detail!.followUpDate, i18n.language)}</p> : null}
            </li>
          ))}
      </ul>
    </section>
  );
}
