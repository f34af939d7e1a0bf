import { useMatches } from "@remix-run/react";
import type { i18n } from "i18next";
import { defaultNS, isNamespace, type Namespace } from "./config";

/**
 * Where a page's translations come from (ADR 0024). On the server: every text. In the browser:
 * the page's language and the namespaces its routes declare, loaded from /locales/:lng/:ns (cached
 * for a year, preloaded by the document's `Link` header) before the page hydrates, then those of
 * later routes before the route renders. entry.server and entry.client each set theirs up before
 * anything renders.
 */
export interface TranslationSource {
  /**
   * The i18next in `locale` with `namespaces` loaded. In the browser, when some are not loaded yet,
   * this suspends the render: a navigation is a React transition, so the old page stays on screen
   * until they are, and no raw key ever shows.
   */
  i18nFor(locale: string, namespaces: readonly string[]): i18n;
  /** The JSON that tells the browser which texts the page uses (server only: "" in the browser). */
  pageData(locale: string, namespaces: readonly string[]): string;
}

/** What the server sends in the document's translations block: which texts, not the texts. */
export interface PageTranslations {
  lng: string;
  /** translationsVersion: part of the /locales URLs, so a changed text is never served from a cache. */
  version: string;
  /** The namespaces the page's routes declare, common first: loaded before the page hydrates. */
  namespaces: string[];
}

/**
 * Where the browser loads one namespace of one language (`/locales/:lng/:ns?v=<version>`). The
 * document's preload and i18next-http-backend's request use this one address, so that the browser
 * uses the preloaded answer.
 */
export const localePath = (lng: string, ns: string, version: string) => `/locales/${lng}/${ns}?v=${version}`;

/** Whether the matched routes' document comes with scripts: not when one says `handle.hydrate: false` (ADR 0024). */
export function documentHasScripts(matches: readonly { handle?: unknown }[]): boolean {
  return !matches.some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

export const translationsElementId = "translations";

let source: TranslationSource | undefined;

export function setTranslationSource(next: TranslationSource) {
  source = next;
}

export function translationSource(): TranslationSource {
  if (!source) throw new Error("Translations are not set up: entry.server and entry.client set them up");
  return source;
}

/** The namespaces the matched routes declare (`handle.i18n`), with common always first. */
export function routeNamespaces(matches: readonly { handle?: unknown }[]): Namespace[] {
  const found = new Set<Namespace>([defaultNS]);
  for (const match of matches) {
    const wanted = (match.handle as { i18n?: unknown } | undefined)?.i18n;
    for (const ns of typeof wanted === "string" ? [wanted] : Array.isArray(wanted) ? wanted : []) {
      if (isNamespace(ns)) found.add(ns);
    }
  }
  return [...found];
}

/** The page's i18next: its language, with every namespace its routes declared loaded (suspends until then). */
export function usePageI18n(locale: string): { i18n: i18n; namespaces: Namespace[] } {
  const namespaces = routeNamespaces(useMatches());
  return { i18n: translationSource().i18nFor(locale, namespaces), namespaces };
}

/**
 * Which texts the page uses, for the browser: data, not a script (`type="application/json"` never
 * runs); it carries the nonce all the same, like every inline script of the page.
 */
export function TranslationsData({ locale, namespaces, nonce }: { locale: string; namespaces: readonly string[]; nonce?: string }) {
  return (
    <script
      id={translationsElementId}
      type="application/json"
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: translationSource().pageData(locale, namespaces) }}
    />
  );
}
