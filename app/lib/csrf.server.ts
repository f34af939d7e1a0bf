/**
 * Cross-site request forgery: a state-changing request (anything but GET, HEAD, OPTIONS)
 * is accepted only when the browser says it came from the portal itself: Sec-Fetch-Site
 * "same-origin", or, from browsers that do not send that header, an Origin equal to ours —
 * scheme, host and port alike (RFC 6454), so that http://samsyn.example or
 * https://samsyn.example:8443 cannot post to https://samsyn.example.
 */
export function isSameOriginRequest(request: {
  method: string;
  /** The scheme the request arrived with ("https" behind a proxy only with SAMSYN_TRUST_PROXY). */
  protocol: string;
  host: string | undefined;
  secFetchSite: string | undefined;
  origin: string | undefined;
}): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase())) return true;
  if (request.secFetchSite) return request.secFetchSite === "same-origin";
  if (!request.origin || request.origin === "null" || !request.host) return false;
  try {
    // new URL() lowercases the host and drops a scheme's default port on both sides.
    return new URL(request.origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}
