import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { ActivityList } from "~/components/plan/ActivityList";
import { failureOf, usePlanErrorText } from "~/components/plan/form-failure";
import { Goals } from "~/components/plan/Goals";
import { Timeline } from "~/components/plan/Timeline";
import { WeekFillList } from "~/components/plan/WeekFill";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { decideProposal } from "~/services/plan/edit.server";
import { proposalDecisionSchema } from "~/services/plan/forms";
import { getPlan } from "~/services/plan/view.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["plan"] };

/** The whole plan of a case: goals, timeline, week totals and activities, as the viewer may see them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({ plan: await getPlan(reader, idParam(params, "caseId")) }));
}

/** Accepting or declining a proposed activity (the responsible organisation only); the case page posts here too. */
export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, proposalDecisionSchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    await decideProposal(reader, caseId, input.activityId, input.intent === "accept");
    return redirect(`/cases/${caseId}/plan`);
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:plan.title");

export default function PlanPage() {
  const { t } = useTranslation("plan");
  const { plan } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const errorText = usePlanErrorText();
  const [params] = useSearchParams();
  const scale = params.get("scale") === "month" ? "month" : "week";
  const notice = params.get("notice");
  const shown = plan.activities.filter((activity) => activity.detail && activity.proposal === "accepted");
  return (
    <Page title={`${t("plan.title")} – ${plan.reference}`}>
      <div className="print-landscape">
      <p className="no-print mb-4"><Link to={`/cases/${plan.caseId}`}>{t("plan.toCase")}</Link></p>
      {notice && ["added", "proposed", "saved", "goalSaved"].includes(notice) ? <Alert tone="success">{t(`notices.${notice}` as never)}</Alert> : null}
      {failed ? <Alert tone="error">{errorText(failed.error)}</Alert> : null}

      <section aria-labelledby="goals-heading" className="mb-section">
        <h2 id="goals-heading" className="text-xl font-semibold">{t("goal.heading")}</h2>
        <Goals goals={plan.goals} caseId={plan.caseId} editable={plan.viewerIsLead && plan.status === "open"} />
      </section>

      <section aria-labelledby="timeline-heading" className="mb-section">
        <h2 id="timeline-heading" className="text-xl font-semibold">{t("timeline.heading")}</h2>
        <nav aria-label={t("timeline.scale")} className="no-print my-2 flex gap-4">
          {(["week", "month"] as const).map((option) => (
            <Link key={option} to={`?scale=${option}`} aria-current={scale === option ? "page" : undefined} className={scale === option ? "font-semibold" : ""}>
              {t(`timeline.by.${option}`)}
            </Link>
          ))}
        </nav>
        <Timeline
          activities={shown.map((activity) => ({ id: activity.id, organizationId: activity.organizationId, organization: activity.organization, ...activity.detail!, title: activity.detail!.title }))}
          organizations={plan.organizations}
          scale={scale}
          today={plan.today}
        />
      </section>

      <section aria-labelledby="weeks-heading" className="mb-section">
        <h2 id="weeks-heading" className="text-xl font-semibold">{t("weeks.heading")}</h2>
        <p className="mb-2 max-w-prose">{t("weeks.intro")}</p>
        <WeekFillList weeks={plan.weeks} />
      </section>

      <section aria-labelledby="activities-heading">
        <h2 id="activities-heading" className="text-xl font-semibold">{t("activity.heading")}</h2>
        {plan.status === "open" ? <Link to={`/cases/${plan.caseId}/plan/activities/new`} className="button no-print my-3">{t("activity.add")}</Link> : null}
        <ActivityList activities={plan.activities} caseId={plan.caseId} audience="staff" />
      </section>
      </div>
    </Page>
  );
}
