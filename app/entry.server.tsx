import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18nServer } from "./i18n/i18next.server";
import { serverI18n, translationsVersion } from "./i18n/resources.server";
import { documentHasScripts, localePath, routeNamespaces, setTranslationSource, type PageTranslations } from "./i18n/translations";
import { isDatabaseUnavailable } from "./lib/errors";
import { FlushedPieces } from "./lib/flushed-pieces.server";
import { errorFields, log } from "./lib/log.server";
import { RequestMetaProvider, type RequestMeta } from "./lib/request-meta";

export const streamTimeout = 5_000;

// The server renders with every text; the document tells the browser which texts it uses (the
// page's language and its routes' namespaces) and its `Link` header has the browser preload them
// from /locales while the scripts load (ADR 0024). Each (language, namespaces) is written once.
const pageTexts = new Map<string, string>();
setTranslationSource({
  i18nFor: (locale) => serverI18n(locale),
  pageData(locale, namespaces) {
    const language = serverI18n(locale).language;
    const key = `${language}|${namespaces.join(",")}`;
    let written = pageTexts.get(key);
    if (written === undefined) {
      const data: PageTranslations = { lng: language, version: translationsVersion, namespaces: [...namespaces] };
      written = JSON.stringify(data).replace(/</g, "\\u003c");
      pageTexts.set(key, written);
    }
    return written;
  },
});

/**
 * The `Link` header that preloads a document's texts (RFC 8288; `as=fetch` with the credentials
 * mode i18next-http-backend fetches with, so the browser uses the preloaded answers), or null for
 * a document without scripts.
 */
function textsPreload(language: string, remixContext: EntryContext): string | null {
  const matches = remixContext.staticHandlerContext.matches.map((match) => ({ handle: remixContext.routeModules[match.route.id]?.handle }));
  if (!documentHasScripts(matches)) return null;
  return routeNamespaces(matches)
    .map((ns) => `<${localePath(language, ns, translationsVersion)}>; rel=preload; as=fetch; crossorigin=anonymous`)
    .join(", ");
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const meta = loadContext as unknown as RequestMeta;
  const i18n = serverI18n(await i18nServer.getLocale(request));

  // Crawlers and SPA-less clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent")) || remixContext.isSpaMode ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let renderTimeout: NodeJS.Timeout | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <RequestMetaProvider value={meta}>
          <RemixServer context={remixContext} url={request.url} nonce={meta.nonce} />
        </RequestMetaProvider>
      </I18nextProvider>,
      {
        nonce: meta.nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new FlushedPieces();
          // Rendered to the end: the timeout below has nothing left to abort.
          body.once("finish", () => clearTimeout(renderTimeout));
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          const preload = textsPreload(i18n.language, remixContext);
          if (preload) responseHeaders.append("Link", preload);
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error("Render failed", { requestId: meta.requestId, ...errorFields(error) });
        },
      },
    );
    renderTimeout = setTimeout(abort, streamTimeout + 1_000);
  });
}

/**
 * Unexpected errors are logged with the request id that the error page shows as reference. A
 * database out of reach is expected now and then: a warning with its code, not a stack.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const requestId = (context as unknown as RequestMeta | undefined)?.requestId;
  const where = { requestId, method: request.method, path: new URL(request.url).pathname };
  // A thrown status answer (from a resource route): meant, not a bug. 5xx ones are worth a warning.
  if (isRouteErrorResponse(error)) {
    if (error.status >= 500) log.warn("Error response", { ...where, status: error.status, data: error.data as unknown });
    return;
  }
  const { stack, ...fields } = errorFields(error);
  if (isDatabaseUnavailable(error)) log.warn("Database unavailable", { ...where, ...fields });
  else log.error("Unexpected error", { ...where, ...fields, stack });
};
