import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { GoalView } from "~/services/plan/view.server";

export function Goals({ goals, caseId, editable }: { goals: GoalView[]; caseId: string; editable: boolean }) {
  const { t, i18n } = useTranslation("plan");
  return (
    <>
      {goals.length === 0 ? <p className="mt-2">{t("goal.none")}</p> : null}
      <ul className="mt-2 space-y-3">
        {goals.map((goal) => (
          <li key={goal.id} className="rounded border border-line p-4">
            <p className="font-semibold">{goal.text}</p>
            {goal.clientWords ? <p className="mt-1 italic">”{goal.clientWords}”</p> : null}
            <p className="mt-1 text-sm text-ink-muted">
              {t(`goalStatus.${goal.status}`)}
              {goal.targetDate ? ` · ${t("goal.targetLine", { date: formatDate(goal.targetDate, i18n.language) })}` : ""}
            </p>
            {goal.comments.length > 0 ? (
              <ul className="mt-2 border-l-4 border-brand-100 pl-3 text-sm">
                {goal.comments.map((comment) => (
                  <li key={comment.id}>
                    {t("goal.clientComment")}: {comment.text} <span className="text-ink-muted">({formatDate(comment.createdAt, i18n.language)})</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="mt-2 flex gap-4">
              {editable ? <Link to={`/cases/${caseId}/plan/goals/${goal.id}`} aria-label={t("goal.editLabel", { text: goal.text })}>{t("goal.edit")}</Link> : null}
              <Link to={`/cases/${caseId}/plan/history/${goal.id}`} aria-label={t("history.linkLabel", { title: goal.text })}>{t("history.link")}</Link>
            </div>
          </li>
        ))}
      </ul>
      {editable ? <Link to={`/cases/${caseId}/plan/goals/new`} className="button no-print mt-3">{t("goal.add")}</Link> : null}
    </>
  );
}
