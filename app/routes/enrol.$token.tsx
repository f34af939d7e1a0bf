import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicRoute } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { Alert } from "~/components/ui/Alert";
import { Field } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { minimumPasswordLength } from "~/lib/auth/password.server";
import { qrCodeDataUrl } from "~/lib/auth/qr.server";
import { DomainError } from "~/lib/errors";
import { field, readForm } from "~/lib/http.server";
import { httpFacts } from "~/lib/load-context";
import { choosePassword, confirmEnrolment, findEnrolment, pendingSecret } from "~/services/auth/enrolment.server";

export const handle = { i18n: ["auth"] };

/** Public: the unguessable one-time token in the link is the credential. */
export async function loader({ params }: LoaderFunctionArgs) {
  await publicRoute();
  const found = await findEnrolment(params.token ?? "");
  if (!found) return data({ valid: false as const }, { status: 404 });
  return { valid: true as const, name: found.user.name, min: minimumPasswordLength };
}

async function totpStep(secret: string, uri: string) {
  return { step: "totp" as const, secret, qr: await qrCodeDataUrl(uri) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await publicRoute();
  const token = params.token ?? "";
  const form = await readForm(request);
  try {
    if (field(form, "step") === "password") {
      const { secret, uri } = await choosePassword(token, field(form, "password"), field(form, "repeat"));
      return totpStep(secret, uri);
    }
    const codes = await confirmEnrolment(token, field(form, "code"), httpFacts(context));
    return { step: "done" as const, codes };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === "enrol.invalidCode") {
      const pending = await pendingSecret(token);
      if (pending) return data({ ...(await totpStep(pending.secret, pending.uri)), error: error.code }, { status: 400 });
    }
    return data({ step: "password" as const, error: error.code }, { status: error.status });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:enrol.title");

export default function Enrol() {
  const { t } = useTranslation("auth");
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After the last step the link is used up, so this comes before the link check.
  if (result?.step === "done") {
    return (
      <Page title={t("enrol.doneTitle")}>
        <p className="mb-4 max-w-prose">{t("enrol.recoveryIntro")}</p>
        <ul aria-label={t("enrol.recoveryListLabel")} className="mb-6 grid max-w-md grid-cols-2 gap-2 font-mono text-lg">
          {result.codes.map((code) => (
            <li key={code} data-testid="recovery-code">{code}</li>
          ))}
        </ul>
        <Link to="/login" className="button">{t("enrol.toLogin")}</Link>
      </Page>
    );
  }

  if (!loaded.valid || (result && "error" in result && result.error === "enrol.invalid_link")) {
    return (
      <Page title={t("enrol.title")}>
        <Alert tone="error">{t("enrol.invalidLink")}</Alert>
      </Page>
    );
  }
  const errorText = (code: string | undefined) =>
    code === "enrol.tooShort" ? t("enrol.tooShort", { min: loaded.min }) : code === "enrol.tooLong" ? t("enrol.tooLong") : code === "enrol.mismatch" ? t("enrol.mismatch") : code === "enrol.invalidCode" ? t("enrol.invalidCode") : undefined;

  if (result?.step === "totp") {
    return (
      <Page title={t("enrol.title")}>
        <h2 className="mb-2 text-xl font-semibold">{t("enrol.totpStep")}</h2>
        <p className="mb-4 max-w-prose">{t("enrol.scan")}</p>
        <img src={result.qr} alt={t("enrol.qrAlt")} width={220} height={220} className="mb-4 border border-line" />
        <p>{t("enrol.manualKey")}</p>
        <p className="mb-6 font-mono text-lg break-all" data-testid="totp-secret">{result.secret}</p>
        <Form method="post" className="max-w-md">
          <input type="hidden" name="step" value="totp" />
          <Field name="code" label={t("enrol.code")} inputMode="numeric" autoComplete="one-time-code" required error={errorText("error" in result ? result.error : undefined)} />
          <button type="submit" className="button">{t("enrol.confirm")}</button>
        </Form>
      </Page>
    );
  }

  const error = result && "error" in result ? errorText(result.error) : undefined;
  return (
    <Page title={t("enrol.title")}>
      <p className="mb-6 max-w-prose">{t("enrol.welcome", { name: loaded.name })}</p>
      <h2 className="mb-4 text-xl font-semibold">{t("enrol.passwordStep")}</h2>
      <Form method="post" className="max-w-md">
        <input type="hidden" name="step" value="password" />
        <Field name="password" type="password" label={t("enrol.password")} hint={t("enrol.passwordHint", { min: loaded.min })} autoComplete="new-password" required minLength={loaded.min} error={error} />
        <Field name="repeat" type="password" label={t("enrol.passwordRepeat")} autoComplete="new-password" required />
        <button type="submit" className="button">{t("enrol.next")}</button>
      </Form>
    </Page>
  );
}
