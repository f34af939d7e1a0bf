import { createInstance, type TFunction } from "i18next";
import { i18nConfig, isLanguage, type Language } from "./config";

// Route `meta` functions run outside React, so they translate with a fixed instance per
// language, created once; the resources are bundled, so initialisation is synchronous.
const fixed = new Map<Language, TFunction>();

export function fixedT(locale: string): TFunction {
  const language: Language = isLanguage(locale) ? locale : i18nConfig.fallbackLng;
  let t = fixed.get(language);
  if (!t) {
    const instance = createInstance();
    instance.init({ ...i18nConfig, lng: language, initImmediate: false });
    t = instance.t;
    fixed.set(language, t);
  }
  return t;
}

/** The locale the root loader chose, as seen from any route's `meta` matches. */
export function localeFromMatches(matches: readonly { id: string; data?: unknown }[]): string {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  return root?.locale ?? i18nConfig.fallbackLng;
}

/** "<page> – Samsyn" in the page's language. */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: string): { title: string }[] {
  const t = fixedT(localeFromMatches(matches));
  return [{ title: `${t(key as never)} – ${t("appName")}` }];
}
