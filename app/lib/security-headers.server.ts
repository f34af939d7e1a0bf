import { randomBytes, randomUUID } from "node:crypto";

/** A fresh nonce and request id for every request. */
export function newRequestMeta() {
  return { nonce: randomBytes(16).toString("base64"), requestId: randomUUID() };
}

/** HTTPS only, for a year, subdomains included (RFC 6797). */
export const strictTransportSecurity = "max-age=31536000; includeSubDomains";

/**
 * Headers for every response. Scripts run only from our origin or with this request's
 * nonce; nothing may frame the portal. `dev` admits Vite's websocket for hot reload.
 * `production` adds HSTS: production is served over HTTPS (TLS at the portal or its proxy),
 * while development and tests run on plain http://localhost, which HSTS would break.
 */
export function securityHeaders(nonce: string, { dev = false, production = false } = {}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": strictTransportSecurity } : {}),
  };
}
