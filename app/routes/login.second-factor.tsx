import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicRoute } from "~/access/guards.server";
import { waitText } from "~/components/auth/wait";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { readSession } from "~/lib/auth/session.server";
import { httpFacts } from "~/lib/load-context";
import { safeReturnTo } from "~/lib/safe-redirect";
import { secondFactorSchema } from "~/services/auth/forms";
import { verifySecondFactor } from "~/services/auth/staff-auth.server";
import { submitAs } from "~/web/frame.server";

export const handle = { i18n: ["auth"] };

/** Public by design: it is reached with the password-only session, which this route checks. */
async function pendingSession(request: Request, returnTo: string) {
  const read = await readSession(request, "staff");
  if (read.status !== "ok") throw redirect("/login", read.status === "invalid" ? { headers: { "Set-Cookie": read.clearCookie } } : undefined);
  if (read.session.mfaVerified) throw redirect(returnTo);
  return read.session;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await publicRoute();
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get("returnTo"), "/cases");
  await pendingSession(request, returnTo);
  return { returnTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitAs(request, publicRoute, secondFactorSchema, async (_anyone, { code, method, returnTo: asked }) => {
    const returnTo = safeReturnTo(asked, "/cases");
    const session = await pendingSession(request, returnTo);
    const result = await verifySecondFactor(session, { code, method }, httpFacts(context));
    if (!result.ok) {
      const retryAfter = "retryAfter" in result ? result.retryAfter : undefined;
      return data(
        { error: result.code, method, retryAfter },
        { status: retryAfter ? 429 : 401, headers: retryAfter ? { "Retry-After": String(retryAfter) } : undefined },
      );
    }
    return redirect(returnTo, { headers: { "Set-Cookie": result.cookie } });
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:secondFactor.title");

export default function SecondFactor() {
  const { t } = useTranslation("auth");
  const { returnTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error =
    result && "retryAfter" in result && result.retryAfter ? t("secondFactor.rateLimited", { wait: waitText(t, result.retryAfter) }) : result ? t("secondFactor.invalid") : null;
  return (
    <Page title={t("secondFactor.title")}>
      <p className="mb-6 max-w-prose">{t("secondFactor.intro")}</p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Form method="post" className="max-w-md">
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="method" value="totp" />
        <Field
          name="code"
          id="totp-code"
          label={t("secondFactor.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
          autoFocus
        />
        <button type="submit" className="button">
          {t("secondFactor.submit")}
        </button>
      </Form>

      <section aria-labelledby="recovery-heading" className="mt-10 max-w-md">
        <h2 id="recovery-heading" className="text-xl font-semibold">
          {t("secondFactor.recoveryHeading")}
        </h2>
        <p className="mb-4">{t("secondFactor.recoveryIntro")}</p>
        <Form method="post">
          <input type="hidden" name="returnTo" value={returnTo} />
          <input type="hidden" name="method" value="recovery" />
          <Field name="code" id="recovery-code" label={t("secondFactor.recoveryCode")} autoComplete="off" required />
          <button type="submit" className="button button-secondary">
            {t("secondFactor.recoverySubmit")}
          </button>
        </Form>
      </section>
      <p className="mt-8">
        <Link to="/login">{t("secondFactor.startOver")}</Link>
      </p>
    </Page>
  );
}
