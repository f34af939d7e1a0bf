import { createHash } from "node:crypto";
import { createInstance, type i18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { fallbackLanguage, isLanguage, namespaces, sharedOptions, supportedLanguages, type Language, type Namespace } from "./config";
import enAuth from "./locales/en/auth.json";
import enAudit from "./locales/en/audit.json";
import enCases from "./locales/en/cases.json";
import enCommon from "./locales/en/common.json";
import enConsent from "./locales/en/consent.json";
import enDirectory from "./locales/en/directory.json";
import enHome from "./locales/en/home.json";
import enRequests from "./locales/en/requests.json";
import enMeetings from "./locales/en/meetings.json";
import enMessages from "./locales/en/messages.json";
import enPlan from "./locales/en/plan.json";
import svAuth from "./locales/sv/auth.json";
import svAudit from "./locales/sv/audit.json";
import svCases from "./locales/sv/cases.json";
import svCommon from "./locales/sv/common.json";
import svConsent from "./locales/sv/consent.json";
import svDirectory from "./locales/sv/directory.json";
import svHome from "./locales/sv/home.json";
import svRequests from "./locales/sv/requests.json";
import svMeetings from "./locales/sv/meetings.json";
import svMessages from "./locales/sv/messages.json";
import svPlan from "./locales/sv/plan.json";

/** Every translation, for the server only: the browser gets its page's share (ADR 0024). */
export const resources = {
  sv: { common: svCommon, home: svHome, auth: svAuth, directory: svDirectory, cases: svCases, consent: svConsent, audit: svAudit, plan: svPlan, requests: svRequests, messages: svMessages, meetings: svMeetings },
  en: { common: enCommon, home: enHome, auth: enAuth, directory: enDirectory, cases: enCases, consent: enConsent, audit: enAudit, plan: enPlan, requests: enRequests, messages: enMessages, meetings: enMeetings },
} as const satisfies Record<Language, Record<Namespace, unknown>>;

export const i18nConfig = {
  ...sharedOptions,
  fallbackLng: fallbackLanguage,
  ns: [...namespaces],
  resources,
};

/** Changes whenever a text does: the browser asks for /locales/:lng/:ns?v=<this>, cached for a year. */
export const translationsVersion = createHash("sha256").update(JSON.stringify(resources)).digest("hex").slice(0, 12);

// One i18next with every translation, set up once (synchronously: nothing to load), and a clone
// of it per language sharing its store: each request renders with its language's.
const base = createInstance();
base.use(initReactI18next).init({ ...i18nConfig, lng: fallbackLanguage, initImmediate: false });
const perLanguage = new Map<Language, i18n>(supportedLanguages.map((language) => [language, base.cloneInstance({ lng: language, initImmediate: false })]));

/** The server's i18next in `locale` (Swedish for anything unsupported). */
export function serverI18n(locale: string): i18n {
  return perLanguage.get(isLanguage(locale) ? locale : fallbackLanguage)!;
}

/** A `t` in `locale`, for text made on the server (loaders, mails, tests). */
export function serverT(locale: string): TFunction {
  return serverI18n(locale).getFixedT(isLanguage(locale) ? locale : fallbackLanguage);
}
