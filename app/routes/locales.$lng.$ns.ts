import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicRoute } from "~/access/guards.server";
import { isLanguage, isNamespace } from "~/i18n/config";
import { resources, translationsVersion } from "~/i18n/resources.server";

/**
 * One namespace in one language, for the browser's i18next when a route needs texts the page did
 * not bring (ADR 0024). Public: the texts are the interface's, no one's data. Only the known
 * languages and namespaces answer (anything else is 404). A request naming the current version
 * (`?v=`, as the page's own requests do) is cached for a year: a changed text is a new version.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await publicRoute();
  const { lng, ns } = params;
  if (!isLanguage(lng) || !isNamespace(ns)) {
    throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const current = new URL(request.url).searchParams.get("v") === translationsVersion;
  return Response.json(resources[lng][ns], {
    headers: { "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate" },
  });
}
