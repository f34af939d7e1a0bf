import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { preferredLanguage } from "./accept-language";
import { fallbackLanguage, supportedLanguages } from "./config";
import { i18nConfig } from "./resources.server";

/** Remembers the chosen language for a year; it is not a secret, but only the server needs it. */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: process.env.NODE_ENV === "production",
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * Locale from `?lng`, then the cookie (an explicit choice), then the first supported language in
 * the browser's ranked Accept-Language list, then Swedish. The header is read by our own
 * `preferredLanguage` ("custom"), not remix-i18next's "header", which only looks at the browser's
 * first language (see accept-language.ts).
 */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: localeCookie,
    order: ["searchParams", "cookie", "custom"],
    findLocale: async (request) => preferredLanguage(request.headers.get("Accept-Language"), supportedLanguages),
  },
  i18next: i18nConfig,
});
