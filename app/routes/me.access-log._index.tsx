import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { formatDateTime } from "~/lib/format";
import { accessLogFiltersFrom, accessLogPage } from "~/services/audit/access-log.server";
import { clientWhat, clientWhy, type ClientWords } from "~/services/audit/access-log-words";
import { readWith } from "~/web/frame.server";

export const handle = { i18n: ["audit"] };

export async function loader({ request }: LoaderFunctionArgs) {
  return readWith(request, requireClient, async (reader) => {
    const { page, ...filters } = accessLogFiltersFrom(new URL(request.url).searchParams);
    return { ...(await accessLogPage(reader, filters, page)), page };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit:client.title");

/** "Vem har tittat på mina uppgifter?" – newest first, filterable, paged, downloadable. */
export default function AccessLog() {
  const { t, i18n } = useTranslation("audit");
  const language = i18n.language === "en" ? "en" : "sv";
  const { entries, hasMore, organizations, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const withPage = (next: number) => {
    const copy = new URLSearchParams(params);
    copy.set("page", String(next));
    return `?${copy}`;
  };
  const filterQuery = new URLSearchParams([...params].filter(([name]) => name !== "page")).toString();
  const say = (words: ClientWords) => ("text" in words ? words.text : String(t(words.key as never)));
  return (
    <Page title={t("client.title")}>
      <p className="mb-6 max-w-prose">{t("client.intro")}</p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="organization" className="block font-semibold">{t("client.organization")}</label>
          <select id="organization" name="organization" defaultValue={params.get("organization") ?? ""} className="mt-1 rounded border-2 border-line bg-surface px-3 py-2">
            <option value="">{t("client.allOrganizations")}</option>
            {organizations.map((org) => (
              <option key={org.id} value={org.id}>{org.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="block font-semibold">{t("client.from")}</label>
          <input id="from" name="from" type="date" defaultValue={params.get("from") ?? ""} className="mt-1 rounded border-2 border-line px-3 py-2" />
        </div>
        <div>
          <label htmlFor="to" className="block font-semibold">{t("client.to")}</label>
          <input id="to" name="to" type="date" defaultValue={params.get("to") ?? ""} className="mt-1 rounded border-2 border-line px-3 py-2" />
        </div>
        <button type="submit" className="button">{t("client.filter")}</button>
      </Form>

      {entries.length === 0 ? <p>{t("client.empty")}</p> : null}
      <ol className="space-y-3" aria-label={t("client.listLabel")}>
        {entries.map((entry) => (
          <li key={entry.id} className="rounded border border-line p-4" data-testid="access-entry">
            <p className="text-sm text-ink-muted">{formatDateTime(entry.occurredAt, i18n.language)}</p>
            <p className="mt-1">
              <span className="font-semibold">{entry.officer ? `${entry.officer.name}, ${entry.officer.title}` : t("client.someone")}</span>
              {entry.unit || entry.organization ? ` (${[entry.unit?.name, entry.organization?.name].filter(Boolean).join(", ")})` : ""}{" "}
              {say(clientWhat(entry.action, entry.resourceType, language))}
              {entry.categories.length > 0 ? `: ${entry.categories.map((category) => category.plain[language]).join(", ")}` : ""}
            </p>
            <p className="mt-1 text-sm">
              {t("client.why")}{" "}
              {entry.consentId ? <Link to={`/me/consents/${entry.consentId}`}>{say(clientWhy(entry, language))}</Link> : say(clientWhy(entry, language))}
              {entry.caseReference ? ` · ${t("client.case", { reference: entry.caseReference })}` : ""}
            </p>
          </li>
        ))}
      </ol>

      <nav aria-label={t("client.pages")} className="mt-6 flex flex-wrap gap-4">
        {page > 0 ? <Link to={withPage(page - 1)}>{t("client.newer")}</Link> : null}
        {hasMore ? <Link to={withPage(page + 1)}>{t("client.older")}</Link> : null}
      </nav>

      <section aria-labelledby="download-heading" className="mt-section">
        <h2 id="download-heading" className="text-xl font-semibold">{t("client.downloadHeading")}</h2>
        <p className="mb-3">{t("client.downloadIntro")}</p>
        <div className="flex flex-wrap gap-3">
          <a href={`/me/access-log.csv${filterQuery ? `?${filterQuery}` : ""}`} download aria-describedby="csv-format" className="button button-secondary">{t("client.csv")}</a>
          <a href={`/me/access-log.json${filterQuery ? `?${filterQuery}` : ""}`} download className="button button-secondary">{t("client.json")}</a>
        </div>
        {/* The file's separator follows the page's language (accessLogCsv), so the page says which one it is. */}
        <p id="csv-format" className="mt-3 max-w-prose text-sm">{t("client.csvFormat")}</p>
      </section>
    </Page>
  );
}
