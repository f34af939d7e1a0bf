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

/** Shared by the server and the browser: Swedish first, English complete. */
export const supportedLanguages = ["sv", "en"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "sv";
export const defaultNS = "common";

export const resources = {
  sv: { common: svCommon, home: svHome, auth: svAuth, directory: svDirectory, cases: svCases, consent: svConsent, audit: svAudit, plan: svPlan, requests: svRequests, messages: svMessages, meetings: svMeetings },
  en: { common: enCommon, home: enHome, auth: enAuth, directory: enDirectory, cases: enCases, consent: enConsent, audit: enAudit, plan: enPlan, requests: enRequests, messages: enMessages, meetings: enMeetings },
} as const;

export const namespaces = Object.keys(resources.sv) as (keyof (typeof resources)["sv"])[];

export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS,
  ns: namespaces,
  resources,
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

export function isLanguage(value: unknown): value is Language {
  return supportedLanguages.includes(value as Language);
}
