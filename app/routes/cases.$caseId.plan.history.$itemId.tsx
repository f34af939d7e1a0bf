import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { formatDateTime } from "~/lib/format";
import { getItemHistory } from "~/services/plan/history.server";
import { idParam, readWith } from "~/web/frame.server";

export const handle = { i18n: ["plan"] };

export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, (reader) => getItemHistory(reader, idParam(params, "caseId"), idParam(params, "itemId")));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:history.title");

/** Every change of one goal or activity: who, when, and each field before → after. */
export default function ItemHistory() {
  const { t, i18n } = useTranslation("plan");
  const { entries, reference, itemType } = useLoaderData<typeof loader>();
  const language = i18n.language === "en" ? "en" : "sv";
  // Names come in both languages, statuses as codes; everything else as it was typed.
  const shown = (value: unknown, key?: string): string => {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "object" && value !== null && language in value) return String((value as Record<string, unknown>)[language]);
    if (key === "status") return t(`${itemType === "goal" ? "goalStatus" : "status"}.${String(value)}` as never, { defaultValue: String(value) });
    return String(value);
  };
  return (
    <Page title={`${t("history.title")} – ${reference}`}>
      <p className="mb-6"><Link to="../.." relative="path">{t("plan.back")}</Link></p>
      <ol className="space-y-4">
        {entries.map((entry) => {
          const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])].filter(
            (key) => shown(entry.before?.[key]) !== shown(entry.after?.[key]),
          );
          return (
            <li key={entry.id} className="rounded border border-line p-4">
              <p className="font-semibold">
                {t(`history.changes.${entry.change}` as never, { defaultValue: entry.change })} – {entry.by === "client" ? t("history.byClient") : entry.by}, {formatDateTime(entry.changedAt, i18n.language)}
              </p>
              {entry.withheld ? <p className="mt-2">{t("history.withheld")}</p> : null}
              {keys.length > 0 ? (
                <table className="mt-2 w-full border-collapse text-left text-sm">
                  <caption className="sr-only">{t("history.caption")}</caption>
                  <thead>
                    <tr className="border-b border-line">
                      <th scope="col" className="py-1 pr-3">{t("history.field")}</th>
                      <th scope="col" className="py-1 pr-3">{t("history.before")}</th>
                      <th scope="col" className="py-1">{t("history.after")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {keys.map((key) => (
                      <tr key={key} className="border-b border-line">
                        <th scope="row" className="py-1 pr-3 font-normal">{t(`history.fields.${key}` as never, { defaultValue: key })}</th>
                        <td className="py-1 pr-3">{shown(entry.before?.[key], key)}</td>
                        <td className="py-1">{shown(entry.after?.[key], key)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Page>
  );
}
