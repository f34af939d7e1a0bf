import { createInstance, type i18n } from "i18next";
import HttpBackend, { type HttpBackendOptions } from "i18next-http-backend";
import { initReactI18next } from "react-i18next";
import { sharedOptions } from "./config";
import { localePath, translationsElementId, type PageTranslations, type TranslationSource } from "./translations";

/**
 * The browser's translations (ADR 0024): i18next loads the page's language and the namespaces
 * its routes declare, which the document names (and its `Link` header has preloaded), through
 * i18next-http-backend from /locales/:lng/:ns, and more as later routes need them. Only the
 * page's language is ever asked for: no fallback language (every key exists in both,
 * tests/unit/i18n-parity.test.ts).
 *
 * Throws when a namespace of the page could not be loaded (offline, a server error): the page is
 * then left as the server rendered it rather than hydrated with raw keys.
 */
export async function startTranslations(): Promise<{ i18n: i18n; source: TranslationSource }> {
  const page = JSON.parse(document.getElementById(translationsElementId)?.textContent || "null") as PageTranslations;
  const base = createInstance();
  await base
    .use(HttpBackend)
    .use(initReactI18next)
    .init<HttpBackendOptions>({
      ...sharedOptions,
      lng: page.lng,
      fallbackLng: false,
      ns: page.namespaces,
      partialBundledLanguages: true,
      backend: { loadPath: (languages, namespaces) => localePath(languages[0]!, namespaces[0]!, page.version) },
    });
  const missing = page.namespaces.filter((ns) => !base.hasResourceBundle(page.lng, ns));
  if (missing.length > 0) throw new Error(`The page's texts could not be loaded: ${missing.join(", ")}`);

  // A language switched to during a client navigation gets its own clone (sharing the store and
  // the backend), so the page on screen keeps its language until the new one is ready.
  const perLanguage = new Map<string, i18n>([[page.lng, base]]);
  const inLanguage = (lng: string) => {
    let instance = perLanguage.get(lng);
    if (!instance) {
      instance = base.cloneInstance({ lng, ns: [], initImmediate: false });
      perLanguage.set(lng, instance);
    }
    return instance;
  };
  const pending = new Map<string, Promise<void>>();
  // A namespace that could not be loaded (offline): rendered with its keys rather than waited for forever.
  const failed = new Set<string>();

  const source: TranslationSource = {
    i18nFor(locale, namespaces) {
      const instance = inLanguage(locale);
      const missing = namespaces.filter((ns) => !instance.hasResourceBundle(locale, ns) && !failed.has(`${locale}|${ns}`));
      if (missing.length === 0) return instance;
      const key = `${locale}|${missing.join()}`;
      let loading = pending.get(key);
      if (!loading) {
        loading = instance.loadNamespaces(missing).then(() => {
          for (const ns of missing) if (!instance.hasResourceBundle(locale, ns)) failed.add(`${locale}|${ns}`);
          pending.delete(key);
        });
        pending.set(key, loading);
      }
      throw loading;
    },
    pageData: () => "",
  };
  return { i18n: base, source };
}
