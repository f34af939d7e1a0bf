import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicRoute } from "~/access/guards.server";
import { waitText } from "~/components/auth/wait";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { httpFacts } from "~/lib/load-context";
import { safeReturnTo } from "~/lib/safe-redirect";
import { signInSchema } from "~/services/auth/forms";
import { signInWithPassword } from "~/services/auth/staff-auth.server";
import { submitAs } from "~/web/frame.server";

// A form that works as plain HTML: the sign-in page comes without scripts (ADR 0024).
export const handle = { i18n: ["auth"], hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  await publicRoute();
  const url = new URL(request.url);
  const notice = url.searchParams.get("notice");
  return {
    returnTo: safeReturnTo(url.searchParams.get("returnTo"), "/cases"),
    notice: notice === "expired" || notice === "signedOut" ? notice : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitAs(request, publicRoute, signInSchema, async (_anyone, { email, password, returnTo }) => {
    const result = await signInWithPassword({ email, password }, httpFacts(context));
    if (!result.ok) {
      const retryAfter = "retryAfter" in result ? result.retryAfter : undefined;
      return data(
        { error: result.code, retryAfter, email },
        { status: retryAfter ? 429 : 401, headers: retryAfter ? { "Retry-After": String(retryAfter) } : undefined },
      );
    }
    return redirect(`/login/second-factor?returnTo=${encodeURIComponent(safeReturnTo(returnTo, "/cases"))}`, { headers: { "Set-Cookie": result.cookie } });
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:login.title");

export default function Login() {
  const { t } = useTranslation("auth");
  const { returnTo, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const error =
    result && "retryAfter" in result && result.retryAfter ? t("login.rateLimited", { wait: waitText(t, result.retryAfter) }) : result ? t("login.invalid") : null;
  return (
    <Page title={t("login.title")}>
      <p className="mb-6 max-w-prose">{t("login.intro")}</p>
      {notice ? <Alert tone="info">{t(notice === "expired" ? "login.expired" : "login.signedOut")}</Alert> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Form method="post" className="max-w-md">
        <input type="hidden" name="returnTo" value={returnTo} />
        <Field name="email" type="email" label={t("login.email")} autoComplete="username" required defaultValue={result && "email" in result ? result.email : undefined} />
        <Field name="password" type="password" label={t("login.password")} autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="mt-8">
        {t("login.clientHint")} <Link to="/me">{t("login.clientLink")}</Link>
      </p>
    </Page>
  );
}
