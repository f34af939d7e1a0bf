import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicRoute } from "~/access/guards.server";
import { SignOutForms } from "~/components/layout/SignOutForms";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { readSession } from "~/lib/auth/session.server";
import { httpFacts } from "~/lib/load-context";
import { signOutSchema } from "~/services/auth/forms";
import { signOut } from "~/services/auth/staff-auth.server";
import { submitAs } from "~/web/frame.server";

export const handle = { i18n: ["auth"] };

/** Anyone may sign out; GET shows the buttons (for use without JavaScript), POST signs out. */
export async function loader({ request }: LoaderFunctionArgs) {
  await publicRoute();
  const staff = await readSession(request, "staff");
  const client = await readSession(request, "client");
  if (staff.status !== "ok" && client.status !== "ok") throw redirect("/");
  return { kind: staff.status === "ok" ? ("staff" as const) : ("client" as const) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitAs(request, publicRoute, signOutSchema, async (_anyone, { scope }) => {
    const headers = new Headers();
    let kind: "staff" | "client" | undefined;
    for (const candidate of ["staff", "client"] as const) {
      const read = await readSession(request, candidate);
      if (read.status === "ok") {
        headers.append("Set-Cookie", await signOut(candidate, read.session, scope === "everywhere", httpFacts(context)));
        kind ??= candidate;
      } else if (read.status === "invalid") {
        headers.append("Set-Cookie", read.clearCookie);
      }
    }
    return redirect(kind === "staff" ? "/login?notice=signedOut" : "/", { headers });
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:signOut.button");

export default function Logout() {
  const { t } = useTranslation("auth");
  useLoaderData<typeof loader>();
  return (
    <Page title={t("signOut.button")}>
      <SignOutForms />
      <p className="mt-4 text-sm text-ink-muted">{t("signOut.everywhereHint")}</p>
    </Page>
  );
}
