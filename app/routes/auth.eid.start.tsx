import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { publicRoute } from "~/access/guards.server";
import { i18nServer } from "~/i18n/i18next.server";
import { startEidSignIn } from "~/lib/auth/eid.server";
import { loadAs } from "~/web/frame.server";

/**
 * Sends the browser to the e-ID broker; the callback finishes the sign-in. A broker that cannot
 * be reached answers 503 with a translated "try again" page (the frame maps eid.unavailable).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return loadAs(request, publicRoute, async () => {
    const returnTo = new URL(request.url).searchParams.get("returnTo") ?? "/me";
    const { url, cookie } = await startEidSignIn(request, { returnTo, language: await i18nServer.getLocale(request) });
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  });
}

// A page route, not a resource route, so that a thrown 503 reaches the error boundary and the
// browser gets the translated page. The loader always redirects or throws: nothing renders here.
export default function EidStart() {
  return null;
}
