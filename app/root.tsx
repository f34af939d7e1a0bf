import {
  data,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { publicRoute, viewerOf } from "./access/guards.server";
import { countUnreadNotices } from "./services/notifications/notifications.server";
import { countUnopenedMessages, unopenedCountCap } from "./services/messages/mailbox.server";
import { isOfficer } from "./access/roles";
import { SessionTimeoutWarning } from "./components/layout/SessionTimeoutWarning";
import { NotFoundPage, StatusErrorPage, UnexpectedErrorPage } from "./components/layout/ErrorPages";
import { SiteFooter } from "./components/layout/SiteFooter";
import { SiteHeader } from "./components/layout/SiteHeader";
import { fixedT, localeFromMatches } from "./i18n/meta";
import { i18nServer, localeCookie } from "./i18n/i18next.server";
import { documentHasScripts, TranslationsData, usePageI18n } from "./i18n/translations";
import { unlessOutage } from "./lib/http.server";
import { requestIdMetaName, useNonce, useRequestId } from "./lib/request-meta";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// The layout's own texts (header, session warning, sign-out): every page needs them (ADR 0024).
export const handle = { i18n: ["auth"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await publicRoute();
  const locale = await i18nServer.getLocale(request);
  // Remember an explicit choice (?lng=) so that later pages keep the language.
  const chosen = new URL(request.url).searchParams.has("lng");
  const signedIn = await viewerOf(request);
  // The header's count of unread notices in the unit's functional mailbox.
  const unitId = signedIn?.unitId;
  const unread = unitId ? await unlessOutage(request, () => countUnreadNotices({ unitId })) : 0;
  // And of messages no one in the unit has opened yet (officers only: others have no mailbox page).
  const unreadMessages = signedIn && isOfficer(signedIn.role) ? await unlessOutage(request, () => countUnopenedMessages(signedIn.mailboxUnitIds)) : 0;
  const viewer = signedIn ? { ...signedIn, unread, unreadMessages, unreadMessagesMore: unreadMessages >= unopenedCountCap } : null;
  return data({ locale, viewer }, chosen ? { headers: { "Set-Cookie": await localeCookie.serialize(locale) } } : undefined);
}

// The error page carries Retry-After when the error said how long to wait (a 503 during a
// database outage); other headers of a thrown response stay on the server.
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const meta: MetaFunction = ({ matches, error }) => {
  const t = fixedT(localeFromMatches(matches));
  if (!error) return [{ title: t("appName") }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "errors.notFound.title" : status === 503 ? "errors.unavailable.title" : "errors.unexpected.title";
  return [{ title: `${t(key)} – ${t("appName")}` }];
};

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const entry = useTranslation().i18n;
  const locale = root?.locale ?? entry.language;
  // The page's language with the namespaces its routes declare; during a client navigation this
  // waits (the old page stays) until they are loaded.
  const { i18n, namespaces } = usePageI18n(locale);
  // A route that needs no JavaScript says so (`handle.hydrate: false`): its document comes without
  // scripts (ADR 0024). Once the scripts run, a navigation to it renders it in the browser as usual.
  const scripts = typeof document !== "undefined" || documentHasScripts(useMatches());
  const nonce = useNonce();
  const requestId = useRequestId();
  // Marks the moment the page's scripts have taken over (effects run child first, so every
  // component's timers are set by then); browser tests wait for it before moving the clock.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name={requestIdMetaName} content={requestId} />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col bg-surface font-sans text-base leading-relaxed">
        {/* Keyed by language: a language changed by a client navigation renders everything anew in it. */}
        <I18nextProvider key={locale} i18n={i18n}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-surface focus:p-3"
          >
            {i18n.t("skipLink")}
          </a>
          <SiteHeader viewer={root?.viewer ?? null} />
          {root?.viewer ? <SessionTimeoutWarning idleExpiresAt={root.viewer.idleExpiresAt} idleSecondsLeft={root.viewer.idleSecondsLeft} /> : null}
          <main id="main" tabIndex={-1} className="flex-1">
            {children}
          </main>
          <SiteFooter />
        </I18nextProvider>
        {scripts ? (
          <>
            <TranslationsData locale={locale} namespaces={namespaces} nonce={nonce} />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <NotFoundPage />;
    const code = typeof error.data === "object" && error.data && "code" in error.data ? String(error.data.code) : undefined;
    return <StatusErrorPage status={error.status} code={code} />;
  }
  return <UnexpectedErrorPage />;
}
