import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { startTranslations } from "./i18n/client";
import { setTranslationSource } from "./i18n/translations";
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
  let started: Awaited<ReturnType<typeof startTranslations>>;
  try {
    started = await startTranslations();
  } catch (error) {
    // Without its texts the page stays as the server sent it: its links and forms work without scripts.
    console.error(error);
    return;
  }
  const { i18n, source } = started;
  setTranslationSource(source);
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

hydrate();
