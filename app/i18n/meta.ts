import type { TFunction } from "i18next";
import { fallbackLanguage, isLanguage, type Language } from "./config";
import { translationSource } from "./translations";

/**
 * Route `meta` functions run outside React, so they translate with the page's i18next in the
 * page's language: on the server it has every text; in the browser the layout has loaded the
 * namespaces the routes declare before the head is rendered (translations.tsx).
 */
export function fixedT(locale: string): TFunction {
  const language: Language = isLanguage(locale) ? locale : fallbackLanguage;
  return translationSource().i18nFor(language, []).getFixedT(language);
}

/** The locale the root loader chose, as seen from any route's `meta` matches. */
export function localeFromMatches(matches: readonly { id: string; data?: unknown }[]): string {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  return root?.locale ?? fallbackLanguage;
}

/** "<page> – Samsyn" in the page's language. */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: string): { title: string }[] {
  const t = fixedT(localeFromMatches(matches));
  return [{ title: `${t(key as never)} – ${t("appName")}` }];
}

/**
 * The words for a refused request: its code's text (`errors.codes.<code>`), else the status's
 * generic one ("Servern svarade med felkod 403."). The error page's and a resource route's answer.
 */
export function refusalText(t: TFunction, status: number, code?: string): string {
  const generic = t("errors.status.body", { status });
  return code ? t(`errors.codes.${code}` as never, { defaultValue: generic }) : generic;
}
