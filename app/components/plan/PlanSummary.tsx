import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { addDays } from "~/lib/calendar";
import { formatDate, formatDateTime } from "~/lib/format";
import type { FeedItem } from "~/services/plan/feed.server";
import type { PlanSummaryView } from "~/services/plan/view.server";
import { ActivityList } from "./ActivityList";

/** The plan on the case page: goals, activities, follow-ups in the next 30 days, and a link to all of it. */
export function PlanSummary({ plan }: { plan: PlanSummaryView }) {
  const { t, i18n } = useTranslation("plan");
  const soon = plan.activities
    .filter((activity) => activity.proposal === "accepted")
    .filter((activity) => activity.detail?.followUpDate && (activity.overdue || activity.detail.followUpDate <= addDays(plan.today, 30)))
    .filter((activity) => !["done", "cancelled"].includes(activity.detail!.status))
    .sort((a, b) => a.detail!.followUpDate!.localeCompare(b.detail!.followUpDate!));
  return (
    <section aria-labelledby="plan-heading" className="mb-section">
      <h2 id="plan-heading" className="text-xl font-semibold">{t("summary.heading")}</h2>
      <p className="mb-3"><Link to={`/cases/${plan.caseId}/plan`}>{t("summary.open")}</Link></p>
      {plan.goals.length > 0 ? (
        <ul className="mb-4 list-disc pl-6">
          {plan.goals.map((goal) => (
            <li key={goal.id}>{goal.text} ({t(`goalStatus.${goal.status}`)})</li>
          ))}
        </ul>
      ) : null}
      <h3 className="mt-4 text-lg font-semibold">{t("summary.followUpsHeading")}</h3>
      {soon.length === 0 ? (
        <p>{t("summary.noFollowUps")}</p>
      ) : (
        <ul className="mb-4 space-y-1">
          {soon.map((activity) => (
            <li key={activity.id} className={activity.overdue ? "font-semibold text-danger-700" : ""}>
              {activity.overdue ? `${t("activity.overdue")}: ` : ""}
              {formatDate(activity.detail!.followUpDate!, i18n.language)} – {activity.detail!.title} ({activity.organization})
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-4 text-lg font-semibold">{t("activity.heading")}</h3>
      <ActivityList activities={plan.activities} caseId={plan.caseId} audience="staff" />
    </section>
  );
}

/** What changed lately: plan and consent, each item only as far as the viewer may see it. */
export function RecentActivity({ items }: { items: FeedItem[] }) {
  const { t, i18n } = useTranslation("plan");
  return (
    <section aria-labelledby="feed-heading" className="mb-section">
      <h2 id="feed-heading" className="text-xl font-semibold">{t("feed.heading")}</h2>
      {items.length === 0 ? <p>{t("feed.empty")}</p> : null}
      <ul className="mt-2 space-y-1">
        {items.map((item) => (
          <li key={item.id}>
            <span className="text-sm text-ink-muted">{formatDateTime(item.at, i18n.language)}</span>{" "}
            {item.kind.startsWith("activity.") && item.title === null
              ? t("feed.hidden", { organization: item.organization ?? "" })
              : `${t(`feed.kinds.${item.kind}` as never, { defaultValue: item.kind })}${item.title ? `: ${item.title}` : ""}${item.by ? ` (${item.by})` : ""}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
