import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireClient } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { revokeSchema } from "~/services/consent/forms";
import { revokeConsent, revokeGrant } from "~/services/consent/revoke.server";
import { getConsentReceipt } from "~/services/consent/views.server";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["consent"] };

/** The second of at most two clicks: confirm withdrawing one line or the whole consent. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireClient, async (reader) => {
    const receipt = await getConsentReceipt(reader, idParam(params, "consentId"));
    const grantId = new URL(request.url).searchParams.get("grant");
    const grant = grantId ? receipt.view.grants.find((candidate) => candidate.id === grantId) : undefined;
    return { consentId: receipt.id, grant: grant ?? null, lines: receipt.view.grants.length };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireClient, revokeSchema, async (reader, input) => {
    const consentId = idParam(params, "consentId");
    if (input.grantId) await revokeGrant(reader, consentId, input.grantId);
    else await revokeConsent(reader, consentId);
    return redirect("/me/consents?revoked=1");
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent:revoke.title");

export default function RevokeConsent() {
  const { t, i18n } = useTranslation("consent");
  const { grant } = useLoaderData<typeof loader>();
  const language = i18n.language === "en" ? "en" : "sv";
  return (
    <Page title={t("revoke.title")}>
      <p className="mb-4 max-w-prose">
        {grant
          ? t("revoke.oneLine", { discloser: grant.discloser, recipient: grant.recipient, category: grant.category[language] })
          : t("revoke.whole")}
      </p>
      <p className="mb-6 max-w-prose">{t("revoke.effect")}</p>
      <Form method="post" className="flex flex-wrap gap-3">
        {grant ? <input type="hidden" name="grantId" value={grant.id} /> : null}
        <button type="submit" className="button">{t("revoke.confirm")}</button>
        <Link to="/me/consents" className="button button-secondary">{t("revoke.cancel")}</Link>
      </Form>
    </Page>
  );
}
