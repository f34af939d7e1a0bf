import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireClient } from "~/access/guards.server";
import { i18nServer } from "~/i18n/i18next.server";
import { consentToFhir } from "~/services/consent/fhir";
import { getConsentReceipt } from "~/services/consent/views.server";
import { idParam, readResource } from "~/web/frame.server";

const clientDownload = (request: Request) => requireClient(request, { resource: true });

/** The receipt as an HL7 FHIR R4 Consent resource, for download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caseReference: _reference, view: _view, ...receipt } = await readResource(request, clientDownload, (reader) => getConsentReceipt(reader, idParam(params, "consentId")));
  const language = (await i18nServer.getLocale(request)) === "en" ? "en" : "sv";
  const resource = consentToFhir(receipt, { baseUrl: new URL(request.url).origin, language });
  return new Response(JSON.stringify(resource, null, 2), {
    headers: {
      "Content-Type": "application/fhir+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="samtycke-${receipt.id}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
