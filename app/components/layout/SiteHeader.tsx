import { Link } from "@remix-run/react";
import { isOfficer } from "~/access/roles";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./LanguageSwitch";
import { SignOutForms } from "./SignOutForms";

export interface Viewer {
  kind: "staff" | "client";
  name: string;
  role: string | null;
  unread: number;
  /** Messages in the officer's functional mailboxes no one has opened yet, counted up to a cap… */
  unreadMessages?: number;
  /** …and whether there are more than the cap (shown as "more than 99"). */
  unreadMessagesMore?: boolean;
}


export function SiteHeader({ viewer }: { viewer: Viewer | null }) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation("auth");
  return (
    <header className="border-b-4 border-brand-700 bg-surface">
      <div className="mx-auto flex max-w-page flex-wrap items-center justify-between gap-4 px-gutter py-4">
        <div>
          <Link to="/" className="text-2xl font-bold text-brand-800 no-underline">
            {t("appName")}
          </Link>
          <p className="text-sm text-ink-muted">{t("tagline")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          {viewer ? (
            <>
              <p className="text-sm" data-testid="signed-in-as">
                {ta("nav.signedInAs", { name: viewer.name })}
              </p>
              <SignOutForms compact />
            </>
          ) : null}
          <LanguageSwitch />
        </div>
      </div>
      {viewer?.kind === "staff" ? (
        <nav aria-label={ta("nav.label")} className="no-print border-t border-line bg-surface-muted">
          <ul className="mx-auto flex max-w-page flex-wrap gap-6 px-gutter py-2">
            {isOfficer(viewer.role) ? (
              <li>
                <Link to="/cases">{ta("nav.cases")}</Link>
              </li>
            ) : null}
            {isOfficer(viewer.role) ? (
              <li>
                <Link to="/follow-ups">{ta("nav.followUps")}</Link>
              </li>
            ) : null}
            {isOfficer(viewer.role) ? (
              <li>
                <Link to="/inbox/requests">{ta("nav.inbox")}</Link>
              </li>
            ) : null}
            {isOfficer(viewer.role) ? (
              <li>
                <Link to="/messages" data-testid="messages-link">
                  {viewer.unreadMessagesMore
                    ? ta("nav.messagesUnreadMany", { count: (viewer.unreadMessages ?? 1) - 1 })
                    : viewer.unreadMessages
                      ? ta("nav.messagesUnread", { count: viewer.unreadMessages })
                      : ta("nav.messages")}
                </Link>
              </li>
            ) : null}
            <li>
              <Link to="/notifications" className="inline-flex items-center gap-1" data-testid="bell">
                <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
                </svg>
                {viewer.unread > 0 ? ta("nav.notificationsUnread", { count: viewer.unread }) : ta("nav.notifications")}
              </Link>
            </li>
            <li>
              <Link to="/account">{ta("nav.account")}</Link>
            </li>
            <li>
              <Link to="/directory">{ta("nav.directory")}</Link>
            </li>
            {viewer.role === "auditor" ? (
              <li>
                <Link to="/audit">{ta("nav.audit")}</Link>
              </li>
            ) : null}
            {viewer.role === "org_admin" ? (
              <li>
                <Link to="/admin/users">{ta("nav.adminUsers")}</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      {viewer?.kind === "client" ? (
        <nav aria-label={ta("nav.clientLabel")} className="no-print border-t border-line bg-surface-muted">
          <ul className="mx-auto flex max-w-page flex-wrap gap-6 px-gutter py-2">
            <li>
              <Link to="/me">{ta("nav.myCase")}</Link>
            </li>
            <li>
              <Link to="/me/consents">{ta("nav.myConsents")}</Link>
            </li>
            <li>
              <Link to="/me/access-log">{ta("nav.accessLog")}</Link>
            </li>
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
