import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { PageLinks } from "~/components/ui/PageLinks";
import { pageTitle } from "~/i18n/meta";
import { formatDateTime } from "~/lib/format";
import { noticeLink } from "~/services/notifications/notice-link";
import { listNotifications, markAllRead } from "~/services/notifications/notifications.server";
import { readWith, submitAs } from "~/web/frame.server";

export const handle = { i18n: ["cases"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after");
  return readWith(request, requireStaff, async (reader) => {
    const { notices, next } = await listNotifications(reader, { after });
    return { notifications: notices, next, paged: Boolean(after) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return submitAs(request, requireStaff, z.object({}), async (actor) => {
    await markAllRead(actor);
    return null;
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cases:notifications.title");

export default function Notifications() {
  const { t, i18n } = useTranslation("cases");
  const { notifications, next, paged } = useLoaderData<typeof loader>();
  return (
    <Page title={t("notifications.title")}>
      <p className="mb-6 max-w-prose">{t("notifications.intro")}</p>
      {notifications.length === 0 ? <p>{t("notifications.empty")}</p> : null}
      <ul className="space-y-2">
        {notifications.map((notice) => (
          <li key={notice.id} className={`rounded border p-3 ${notice.read ? "border-line" : "border-2 border-brand-700"}`}>
            {!notice.read ? <span className="mr-2 font-semibold">{t("notifications.new")}</span> : null}
            {t(`notifications.kinds.${notice.kind}` as never, { defaultValue: t("notifications.kinds.unknown") })}
            {noticeLink(notice) ? (
              <>
                {" "}
                <Link to={noticeLink(notice)!}>{t("notifications.open")}</Link>
              </>
            ) : null}
            <span className="block text-sm text-ink-muted">{formatDateTime(notice.createdAt, i18n.language)}</span>
          </li>
        ))}
      </ul>
      <PageLinks path="/notifications" next={next} paged={paged} />
      {notifications.some((notice) => !notice.read) ? (
        <Form method="post" className="mt-6">
          <button type="submit" className="button button-secondary">{t("notifications.markRead")}</button>
        </Form>
      ) : null}
    </Page>
  );
}
