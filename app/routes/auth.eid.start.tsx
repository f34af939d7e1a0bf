import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { publicRoute } from "~/access/guards.server";
import { i18nServer } from "~/i18n/i18next.server";
import { startEidSignIn } from "~/lib/auth/eid.server";

/** Sends the browser to the e-ID broker; the callback finishes the sign-in. */
export async function loader({ request }: LoaderFunctionArgs) {
  await publicRoute();
  const returnTo = new URL(request.url).searchParams.get("returnTo") ?? "/me";
  const { url, cookie } = await startEidSignIn(request, { returnTo, language: await i18nServer.getLocale(request) });
  return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
}
