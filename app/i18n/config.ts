/**
 * Shared by the server and the browser: Swedish first, English complete. No translations here:
 * the server holds them all (resources.server.ts); a page carries only its language's namespaces
 * and loads others from /locales/:lng/:ns when a route needs them (translations.tsx, ADR 0024).
 */
export const supportedLanguages = ["sv", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "sv";
export const defaultNS = "common";

export const namespaces = ["common", "home", "auth", "directory", "cases", "consent", "audit", "plan", "requests", "messages", "meetings"] as const;
export type Namespace = (typeof namespaces)[number];

/** The i18next options both sides share. */
export const sharedOptions = {
  supportedLngs: [...supportedLanguages],
  defaultNS,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

export function isLanguage(value: unknown): value is Language {
  return supportedLanguages.includes(value as Language);
}

export function isNamespace(value: unknown): value is Namespace {
  return namespaces.includes(value as Namespace);
}
