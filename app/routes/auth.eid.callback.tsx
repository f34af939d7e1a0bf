import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicRoute, requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { EidSignInError, finishEidSignIn } from "~/lib/auth/eid.server";
import { httpFacts } from "~/lib/load-context";
import { DomainError } from "~/lib/errors";
import { recordEidFailure, recordSigningFailure, signInClient } from "~/services/auth/client-auth.server";
import { completeConsentSigning } from "~/services/consent/signing.server";
import { lookAs } from "~/web/frame.server";

export const handle = { i18n: ["auth"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await publicRoute();
  try {
    const { identity, clearCookie } = await finishEidSignIn(request);
    if (identity.signingId) {
      // A signature on a consent: the signed-in client must be the person who just authenticated.
      const actor = await requireClient(request);
      const signingId = identity.signingId;
      const consentId = await lookAs(actor, (reader) => completeConsentSigning(reader, signingId, identity)).catch(async (error: unknown) => {
        if (!(error instanceof DomainError) || error.status === 404) throw error;
        await recordSigningFailure(actor, error.code);
        return null;
      });
      if (!consentId) return data({ outcome: "signing_failed" as const }, { status: 400, headers: { "Set-Cookie": clearCookie } });
      return redirect(`/me/consents/${consentId}?signed=1`, { headers: { "Set-Cookie": clearCookie } });
    }
    const result = await signInClient(identity, httpFacts(context));
    if (!result.known) return data({ outcome: "unknown" as const }, { headers: { "Set-Cookie": clearCookie } });
    const headers = new Headers({ "Set-Cookie": clearCookie });
    headers.append("Set-Cookie", result.cookie);
    return redirect(identity.returnTo, { headers });
  } catch (error) {
    if (!(error instanceof EidSignInError)) throw error;
    await recordEidFailure(httpFacts(context), error.reason);
    return data({ outcome: "failed" as const }, { status: 400 });
  }
}

const texts = {
  unknown: { title: "eid.unknownTitle", body: "eid.unknownBody" },
  failed: { title: "eid.failedTitle", body: "eid.failedBody" },
  signing_failed: { title: "eid.signingFailedTitle", body: "eid.signingFailedBody" },
} as const;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, `auth:${texts[data?.outcome ?? "failed"].title}`);

export default function EidCallback() {
  const { t } = useTranslation("auth");
  const { outcome } = useLoaderData<typeof loader>();
  return (
    <Page title={t(texts[outcome].title)}>
      <p className="mb-6 max-w-prose">{t(texts[outcome].body)}</p>
      <div className="flex flex-wrap gap-3">
        {outcome !== "unknown" ? (
          <Link to={outcome === "signing_failed" ? "/me/consents" : "/me"} className="button">
            {t("eid.tryAgain")}
          </Link>
        ) : null}
        <Link to="/" className="button button-secondary">
          {t("eid.home")}
        </Link>
      </div>
    </Page>
  );
}
