import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/lib/format";
import type { ActivityView } from "~/services/plan/view.server";

/** The plan's activities: in detail where the viewer may see them, otherwise only whose they are. */
export function ActivityList({ activities, caseId, audience }: { activities: ActivityView[]; caseId: string; audience: "staff" | "client" }) {
  const { t, i18n } = useTranslation("plan");
  const language = i18n.language === "en" ? "en" : "sv";
  if (activities.length === 0) return <p>{t("activity.none")}</p>;
  return (
    <ul className="space-y-3">
      {activities.map((activity) => (
        <li key={activity.id} className={`rounded border p-4 ${activity.overdue ? "border-2 border-danger-700" : "border-line"}`} data-testid="activity">
          {activity.detail ? (
            <>
              <p className="font-semibold">
                {activity.detail.title} <span className="font-normal text-ink-muted">({activity.detail.type[language]})</span>
              </p>
              <p>{t(audience === "client" ? "client.responsible" : "activity.responsibleLine", { organization: activity.organization, unit: activity.detail.unit })}{activity.detail.assignee ? `, ${activity.detail.assignee.name}` : ""}</p>
              <p>
                {formatDate(activity.detail.startDate, i18n.language)} – {formatDate(activity.detail.endDate, i18n.language)} · {t("activity.extentLine", { extent: activity.detail.extent })} · {t(`status.${activity.detail.status}`)}
              </p>
              {activity.detail.followUpDate ? (
                <p className={activity.overdue ? "font-semibold text-danger-700" : ""}>
                  {activity.overdue ? `${t("activity.overdue")}: ` : `${t("activity.followUpDate")}: `}
                  {formatDate(activity.detail.followUpDate, i18n.language)}
                </p>
              ) : null}
              {activity.detail.note ? <p className="mt-1 whitespace-pre-line text-sm">{activity.detail.note}</p> : null}
              {activity.proposal === "proposed" ? <p className="mt-1 font-semibold text-warning-800">{t("activity.proposedBy", { organization: activity.proposedBy ?? "" })}</p> : null}
              {activity.proposal === "declined" ? <p className="mt-1 font-semibold text-ink-muted">{t("activity.declined")}</p> : null}
              {audience === "staff" ? (
                <div className="mt-2 flex flex-wrap items-center gap-4">
                  {activity.canEdit ? <Link to={`/cases/${caseId}/plan/activities/${activity.id}`} aria-label={t("activity.editLabel", { title: activity.detail.title })}>{t("activity.edit")}</Link> : null}
                  <Link to={`/cases/${caseId}/plan/history/${activity.id}`} aria-label={t("history.linkLabel", { title: activity.detail.title })}>{t("history.link")}</Link>
                  {activity.canDecide ? (
                    <Form method="post" action={`/cases/${caseId}/plan`} className="flex gap-2">
                      <input type="hidden" name="activityId" value={activity.id} />
                      <button type="submit" name="intent" value="accept" className="button py-1">{t("activity.accept")}</button>
                      <button type="submit" name="intent" value="decline" className="button button-secondary py-1">{t("activity.decline")}</button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
            </>
          ) : (
            <p className="text-ink-muted">{t("activity.hidden", { organization: activity.organization })}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
