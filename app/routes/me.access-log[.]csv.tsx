import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireClient } from "~/access/guards.server";
import { i18nServer } from "~/i18n/i18next.server";
import { accessLogCsv } from "~/services/audit/export";
import { accessLogExport, accessLogFiltersFrom } from "~/services/audit/access-log.server";
import { readResource } from "~/web/frame.server";

const clientDownload = (request: Request) => requireClient(request, { resource: true });

/** The access log as CSV (UTF-8 with BOM, for spreadsheets). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { page: _page, ...filters } = accessLogFiltersFrom(new URL(request.url).searchParams);
  const { entries } = await readResource(request, clientDownload, (reader) => accessLogExport(reader, filters));
  const language = (await i18nServer.getLocale(request)) === "en" ? "en" : "sv";
  return new Response(accessLogCsv(entries, language), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${language === "sv" ? "vem-har-tittat" : "who-has-looked"}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
