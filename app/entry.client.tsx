import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n/config";
import { requestIdHeader, requestIdMetaName, setBrowserRequestId } from "./lib/request-meta";

// Error pages show the id of the request that failed: the document's at first, then that
// of each data request Remix makes while navigating.
setBrowserRequestId(document.querySelector<HTMLMetaElement>(`meta[name="${requestIdMetaName}"]`)?.content);
const originalFetch = window.fetch.bind(window);
window.fetch = async (...args) => {
  const response = await originalFetch(...args);
  if (new URL(response.url || location.href).pathname.endsWith(".data")) {
    setBrowserRequestId(response.headers.get(requestIdHeader));
  }
  return response;
};

async function hydrate() {
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng: document.documentElement.lang });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

hydrate();
