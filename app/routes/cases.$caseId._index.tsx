import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { CaseSummary } from "~/components/cases/CaseSummary";
import { CaseMeetings } from "~/components/meetings/MeetingLists";
import { CaseSections } from "~/components/cases/CaseSections";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { PlanSummary, RecentActivity } from "~/components/plan/PlanSummary";
import { CaseRequestsSection } from "~/components/requests/CaseRequestsSection";
import { closeCase, recordCaseEntry } from "~/services/cases/entries.server";
import { readCasePage } from "~/services/cases/page.server";
import { caseActionSchema } from "~/services/cases/forms";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["cases", "meetings", "messages", "plan", "requests"] };

/** The case page: one look (one audit event for the client) covers the case, its plan, feed and requests. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, (reader) => readCasePage(reader, idParam(params, "caseId")));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireOfficer, caseActionSchema, async (reader, input) => {
    const caseId = idParam(params, "caseId");
    if (input.intent === "close") {
      await closeCase(reader, caseId);
      return redirect(`/cases/${caseId}`);
    }
    await recordCaseEntry(reader, caseId, input);
    return { ok: true as const };
  });
}

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => {
  const [title] = pageTitle(matches, "cases:view.title");
  return [{ title: loaded ? `${loaded.view.reference} – ${title!.title}` : title!.title }];
};

export default function CaseViewPage() {
  const { t, i18n } = useTranslation("cases");
  const { t: tc } = useTranslation();
  const { t: tm } = useTranslation("messages");
  const { view, plan, feed, requests, categories, meetings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <Page title={`${t("view.title")} ${view.reference}`}>
      {notice === "consentRequested" || notice === "consentRecorded" ? <Alert tone="success">{t(`view.${notice}`)}</Alert> : null}
      <CaseSummary view={view} audience="staff" />

      {view.viewerIsLead && view.status === "open" ? (
        <nav aria-label={t("view.consentActions")} className="mb-section flex flex-wrap gap-3">
          <Link to={`/cases/${view.id}/consents/new`} className="button">{t("view.askConsent")}</Link>
          <Link to={`/cases/${view.id}/consents/record`} className="button button-secondary">{t("view.recordConsent")}</Link>
        </nav>
      ) : null}

      <PlanSummary plan={plan} />
      <RecentActivity items={feed} />
      <CaseSections sections={view.sections} viewerOrganizationId={view.viewerOrganizationId} />
      <CaseRequestsSection {...requests} />
      <CaseMeetings caseId={view.id} meetings={meetings} canCall={view.status === "open"} />
      <section aria-labelledby="messages-heading" className="mt-section">
        <h2 id="messages-heading" className="text-xl font-semibold">{tm("case.heading")}</h2>
        <p className="my-3 max-w-prose">{tm("case.intro")}</p>
        <Link to={`/messages/new?case=${view.id}`} className="button">{tm("case.write")}</Link>
      </section>

      {view.status === "open" && categories.length > 0 ? (
        <section aria-labelledby="entry-heading" className="mt-section max-w-xl">
          <h2 id="entry-heading" className="text-xl font-semibold">{t("entry.heading")}</h2>
          <p className="mb-4">{t("entry.intro")}</p>
          {result?.ok ? <Alert tone="success">{t("entry.saved")}</Alert> : null}
          {failed ? <Alert tone="error">{tc(`errors.codes.${failed.error}` as never)}</Alert> : null}
          <Form method="post" key={result?.ok ? "saved" : "editing"}>
            <input type="hidden" name="intent" value="entry" />
            <label htmlFor="categoryCode" className="block font-semibold">{t("entry.category")}</label>
            <select id="categoryCode" name="categoryCode" className="mb-4 mt-1 block w-full rounded border-2 border-line bg-surface px-3 py-2">
              {categories.map((category) => (
                <option key={category.code} value={category.code}>{category.name[language]}</option>
              ))}
            </select>
            <label htmlFor="text" className="block font-semibold">{t("entry.text")}</label>
            <textarea id="text" name="text" rows={4} maxLength={2000} required defaultValue={typeof failed?.values.text === "string" ? failed.values.text : ""} className="mb-4 mt-1 block w-full rounded border-2 border-line px-3 py-2" />
            <button type="submit" className="button">{t("entry.submit")}</button>
          </Form>
        </section>
      ) : null}

      {view.viewerIsLead && view.status === "open" ? (
        <section aria-labelledby="close-heading" className="mt-section max-w-xl">
          <h2 id="close-heading" className="text-xl font-semibold">{t("view.closeHeading")}</h2>
          <p className="mb-4">{t("view.closeIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="button button-secondary">{t("view.close")}</button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
