import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { CaseSections } from "~/components/cases/CaseSections";
import { CaseSummary } from "~/components/cases/CaseSummary";
import { SignOutForms } from "~/components/layout/SignOutForms";
import { Page } from "~/components/layout/Page";
import { ClientPlan } from "~/components/plan/ClientPlan";
import { ClientRequestsSection } from "~/components/requests/ClientRequestsSection";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { readSession } from "~/lib/auth/session.server";
import { formatDateTime, formatTime } from "~/lib/format";
import { listOwnCases } from "~/services/cases/view.server";
import { listConsentsForClient } from "~/services/consent/views.server";
import { ClientMeetings } from "~/components/meetings/MeetingLists";
import { ownMeetings } from "~/services/meetings/view.server";
import { listNotifications } from "~/services/notifications/notifications.server";
import { commentOnGoal } from "~/services/plan/edit.server";
import { goalCommentSchema } from "~/services/plan/forms";
import { getPlan } from "~/services/plan/view.server";
import { listRequestsForClient } from "~/services/requests/client-requests.server";
import { readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["auth", "cases", "meetings", "plan", "requests"] };

/** The client's home: one look covers their cases, plans, consents, notices and requests. */
export async function loader({ request }: LoaderFunctionArgs) {
  const home = await readWith(request, requireClient, async (reader) => {
    const cases = await listOwnCases(reader);
    const consents = await listConsentsForClient(reader);
    const { notices: notifications } = await listNotifications(reader, { limit: 10 });
    const plans = [];
    for (const view of cases) plans.push(await getPlan(reader, view.id));
    const requests = await listRequestsForClient(reader);
    const meetings = await ownMeetings(reader);
    return { name: reader.actor.givenName, cases, plans, requests, meetings, notifications, pendingConsents: consents.pending.length };
  });
  const session = await readSession(request, "client");
  return { ...home, absoluteExpiresAt: session.status === "ok" ? session.session.absoluteExpiresAt.toISOString() : null };
}

/** The client comments on a goal of their plan. */
export async function action({ request }: ActionFunctionArgs) {
  return writeWith(request, requireClient, goalCommentSchema, async (reader, input) => {
    await commentOnGoal(reader, input.goalId, input.text);
    return { ok: true as const, commentedGoalId: input.goalId };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:me.metaTitle");

export default function ClientHome() {
  const { t, i18n } = useTranslation("auth");
  const { t: tc } = useTranslation("cases");
  const { t: tp } = useTranslation("plan");
  const { t: tn } = useTranslation("cases");
  const { name, cases, plans, requests, meetings, notifications, pendingConsents, absoluteExpiresAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t("me.title", { name })}>
      <p className="max-w-prose">{t("me.intro")}</p>
      <p className="mt-2">{t("me.more")}</p>
      <ul className="mb-4 list-disc pl-6" data-testid="me-links">
        <li>
          <Link to="/me/consents">{t("me.consentsLink")}</Link>
        </li>
        <li>
          <Link to="/me/access-log">{t("me.accessLogLink")}</Link>
        </li>
      </ul>
      {pendingConsents > 0 ? (
        <Alert tone="info">
          <Link to="/me/consents">{tc("client.pendingConsents", { count: pendingConsents })}</Link>
        </Alert>
      ) : null}
      <ClientMeetings meetings={meetings} />
      {cases.map((view) => (
        <section key={view.id} aria-labelledby={`case-${view.id}`} className="mb-section border-t border-line pt-6">
          <h2 id={`case-${view.id}`} className="mb-4 text-2xl font-semibold">{tc("client.caseHeading", { reference: view.reference })}</h2>
          <CaseSummary view={view} audience="client" />
          {plans.filter((plan) => plan.caseId === view.id).map((plan) => (
            <ClientPlan key={plan.caseId} plan={plan} commentedGoalId={result?.ok ? result.commentedGoalId : null} failed={result && !result.ok ? result : null} />
          ))}
          <CaseSections sections={view.sections} viewerOrganizationId={null} plain />
        </section>
      ))}
      <ClientRequestsSection requests={requests} />
      <section aria-labelledby="client-notifications" className="mb-section">
        <h2 id="client-notifications" className="text-xl font-semibold">{tp("client.notificationsHeading")}</h2>
        {notifications.length === 0 ? <p>{tp("client.noNotifications")}</p> : null}
        <ul className="mt-2 space-y-1">
          {notifications.map((notice) => (
            <li key={notice.id}>
              <span className="text-sm text-ink-muted">{formatDateTime(notice.createdAt, i18n.language)}</span>{" "}
              {tn(`notifications.kinds.${notice.kind}` as never, { defaultValue: tn("notifications.kinds.unknown") })}
            </li>
          ))}
        </ul>
      </section>
      {absoluteExpiresAt ? <p className="mb-4">{t("me.sessionEnds", { time: formatTime(absoluteExpiresAt, i18n.language) })}</p> : null}
      <SignOutForms />
    </Page>
  );
}
