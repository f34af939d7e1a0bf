import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { PageLinks } from "~/components/ui/PageLinks";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { listFollowUps } from "~/services/plan/follow-ups.server";
import { readWith } from "~/web/frame.server";

export const handle = { i18n: ["plan"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const after = new URL(request.url).searchParams.get("after");
  return readWith(request, requireOfficer, async (reader) => ({ ...(await listFollowUps(reader, after)), paged: Boolean(after) }));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:followUps.title");

/** "Mina uppföljningar": the unit's and the officer's follow-ups, earliest first (so overdue ones first), marked, a page at a time. */
export default function FollowUps() {
  const { t, i18n } = useTranslation("plan");
  const { followUps: ordered, next, paged } = useLoaderData<typeof loader>();
  return (
    <Page title={t("followUps.title")}>
      <p className="mb-6 max-w-prose">{t("followUps.intro")}</p>
      {ordered.length === 0 ? <p>{t("followUps.empty")}</p> : null}
      <ul className="space-y-2">
        {ordered.map((item) => (
          <li key={item.activityId} className={`rounded border p-3 ${item.overdue ? "border-2 border-danger-700" : "border-line"}`}>
            {item.overdue ? <span className="mr-2 font-semibold text-danger-700">{t("activity.overdue")}:</span> : null}
            <Link to={`/cases/${item.caseId}/plan`}>{item.title}</Link> · {item.reference} · {formatDate(item.followUpDate, i18n.language)}
          </li>
        ))}
      </ul>
      <PageLinks path="/follow-ups" next={next} paged={paged} />
    </Page>
  );
}
