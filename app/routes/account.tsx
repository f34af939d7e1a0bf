import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { isOfficer } from "~/access/roles";
import { SignOutForms } from "~/components/layout/SignOutForms";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { readSession } from "~/lib/auth/session.server";
import { formatTime } from "~/lib/format";
import { getOwnAccount } from "~/services/directory/directory.server";
import { loadAs } from "~/web/frame.server";

export const handle = { i18n: ["auth", "requests"] };

export async function loader({ request }: LoaderFunctionArgs) {
  return loadAs(request, requireStaff, async (actor) => {
    const session = await readSession(request, "staff");
    return {
      account: await getOwnAccount(actor),
      absoluteExpiresAt: session.status === "ok" ? session.session.absoluteExpiresAt.toISOString() : null,
    };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:account.title");

export default function Account() {
  const { t, i18n } = useTranslation("auth");
  const { t: tr } = useTranslation("requests");
  const { account, absoluteExpiresAt } = useLoaderData<typeof loader>();
  // What this role can do in Samsyn today, each with a link to the page.
  const links: [string, string, string][] = [
    ...(isOfficer(account.role)
      ? ([
          ["/cases", t("nav.cases"), t("account.links.cases")],
          ["/follow-ups", t("nav.followUps"), t("account.links.followUps")],
          ["/inbox/requests", t("nav.inbox"), t("account.links.inbox")],
          ["/inbox/requests/stats", tr("stats.title"), t("account.links.stats")],
        ] as [string, string, string][])
      : []),
    ["/notifications", t("nav.notifications"), t("account.links.notifications")],
    ["/directory", t("nav.directory"), t("account.links.directory")],
    ...(account.role === "auditor" ? ([["/audit", t("nav.audit"), t("account.links.audit")]] as [string, string, string][]) : []),
    ...(account.role === "org_admin" ? ([["/admin/users", t("nav.adminUsers"), t("account.links.adminUsers")]] as [string, string, string][]) : []),
  ];
  const rows: [string, string][] = [
    [t("account.name"), account.name],
    [t("account.titleLabel"), account.title],
    [t("account.email"), account.email],
    [t("account.role"), t(`roles.${account.role}`)],
    [t("account.organization"), account.organization],
    [t("account.unit"), account.unit],
    [t("account.mailbox"), account.mailbox],
  ];
  return (
    <Page title={t("account.title")}>
      <dl className="grid max-w-2xl grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <h2 className="mt-section text-xl font-semibold">{t("account.next")}</h2>
      <ul className="mt-2 list-disc space-y-1 pl-6" data-testid="account-links">
        {links.map(([to, name, what]) => (
          <li key={to}>
            <Link to={to}>{name}</Link>: {what}
          </li>
        ))}
      </ul>

      <h2 className="mt-section text-xl font-semibold">{t("account.sessionsHeading")}</h2>
      {absoluteExpiresAt ? (
        <p className="mb-4">
          {t("account.sessionEnds", {
            time: formatTime(absoluteExpiresAt, i18n.language),
          })}
        </p>
      ) : null}
      <SignOutForms />
      <p className="mt-2 text-sm text-ink-muted">{t("signOut.everywhereHint")}</p>
    </Page>
  );
}
