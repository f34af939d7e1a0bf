/**
 * Cross-site request forgery: a state-changing request (anything but GET, HEAD, OPTIONS)
 * is accepted only when the browser says it came from the portal itself: Sec-Fetch-Site
 * "same-origin", or, from browsers that do not send that header, an Origin whose host is ours.
 */
export function isSameOriginRequest(request: {
  method: string;
  host: string | undefined;
  secFetchSite: string | undefined;
  origin: string | undefined;
}): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase())) return true;
  if (request.secFetchSite) return request.secFetchSite === "same-origin";
  if (!request.origin || request.origin === "null" || !request.host) return false;
  try {
    return new URL(request.origin).host === request.host;
  } catch {
    return false;
  }
}
