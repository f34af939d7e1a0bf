/**
 * A return URL from a query string or form is only ever a path on this site. Anything else
 * (another origin, "//host", "/\\host", a scheme, control characters) falls back.
 */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const base = "http://samsyn.invalid";
    const url = new URL(value, base);
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Normalising can turn "/..//host" into "//host", which browsers read as another site.
    if (url.origin !== base || path.startsWith("//")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** The current path and query of a request, as a return URL for after sign-in. */
export function returnToOf(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname.replace(/\.data$/, "")}${url.search}`;
}
