import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireClient } from "~/access/guards.server";
import { i18nServer } from "~/i18n/i18next.server";
import { accessLogBundle } from "~/services/audit/export";
import { now } from "~/lib/time.server";
import { accessLogExport, accessLogFiltersFrom } from "~/services/audit/access-log.server";
import { readResource } from "~/web/frame.server";

const clientDownload = (request: Request) => requireClient(request, { resource: true });

/** The access log as an HL7 FHIR R4 Bundle of AuditEvent resources. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { page: _page, ...filters } = accessLogFiltersFrom(new URL(request.url).searchParams);
  const { entries, owner } = await readResource(request, clientDownload, (reader) => accessLogExport(reader, filters));
  const language = (await i18nServer.getLocale(request)) === "en" ? "en" : "sv";
  const bundle = accessLogBundle(entries, owner, { baseUrl: new URL(request.url).origin, language, generatedAt: now().toISOString() });
  return new Response(JSON.stringify(bundle, null, 2), {
    headers: {
      "Content-Type": "application/fhir+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${language === "sv" ? "vem-har-tittat" : "who-has-looked"}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
