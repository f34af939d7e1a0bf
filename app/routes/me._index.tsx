import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { CaseSections } from "~/components/cases/CaseSections";
import { CaseSummary } from "~/components/cases/CaseSummary";
import { SignOutForms } from "~/components/layout/SignOutForms";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { readSession } from "~/lib/auth/session.server";
import { formatTime } from "~/lib/format";
import { listOwnCases } from "~/services/cases.server";
import { ClientPlan } from "~/components/plan/ClientPlan";
import { DomainError } from "~/lib/errors";
import { formatDateTime } from "~/lib/format";
import { field, readForm } from "~/lib/http.server";
import { listConsentsForClient } from "~/services/consent-views.server";
import { listNotifications } from "~/services/notifications.server";
import { getPlan } from "~/services/plan.server";
import { ClientRequestsSection } from "~/components/requests/ClientRequestsSection";
import { listRequestsForClient } from "~/services/requests-client.server";
import { commentOnGoal } from "~/services/plan-edit.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireClient(request);
  const session = await readSession(request, "client");
  const [cases, consents, notifications] = await Promise.all([listOwnCases(actor), listConsentsForClient(actor), listNotifications(actor)]);
  const plans = [];
  for (const view of cases) plans.push(await getPlan(actor, view.id));
  const requests = await listRequestsForClient(actor);
  return {
    name: actor.givenName,
    cases,
    plans,
    requests,
    notifications: notifications.slice(0, 10),
    pendingConsents: consents.pending.length,
    absoluteExpiresAt: session.status === "ok" ? session.session.absoluteExpiresAt.toISOString() : null,
  };
}

/** The client comments on a goal of their plan. */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireClient(request);
  const form = await readForm(request);
  try {
    await commentOnGoal(actor, field(form, "goalId"), field(form, "text"));
    return { commentedGoalId: field(form, "goalId"), error: null };
  } catch (error) {
    if (!(error instanceof DomainError) || error.status === 404) throw error;
    return data({ commentedGoalId: null, error: error.code }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:me.metaTitle");

export default function ClientHome() {
  const { t, i18n } = useTranslation("auth");
  const { t: tc } = useTranslation("cases");
  const { t: tp } = useTranslation("plan");
  const { t: tn } = useTranslation("cases");
  const { name, cases, plans, requests, notifications, pendingConsents, absoluteExpiresAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title={t("me.title", { name })}>
      <p className="mb-4 max-w-prose">{t("me.intro")}</p>
      {pendingConsents > 0 ? (
        <Alert tone="info">
          <Link to="/me/consents">{tc("client.pendingConsents", { count: pendingConsents })}</Link>
        </Alert>
      ) : null}
      {cases.map((view) => (
        <section key={view.id} aria-labelledby={`case-${view.id}`} className="mb-section border-t border-line pt-6">
          <h2 id={`case-${view.id}`} className="mb-4 text-2xl font-semibold">{tc("client.caseHeading", { reference: view.reference })}</h2>
          <CaseSummary view={view} audience="client" />
          {plans.filter((plan) => plan.caseId === view.id).map((plan) => (
            <ClientPlan key={plan.caseId} plan={plan} commentedGoalId={result?.commentedGoalId ?? null} />
          ))}
          <CaseSections sections={view.sections} viewerOrganizationId={null} plain />
        </section>
      ))}
      <ClientRequestsSection requests={requests} />
      {result?.error ? <Alert tone="error">{tp(`errors.${result.error.replace("plan.", "")}` as never)}</Alert> : null}
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
