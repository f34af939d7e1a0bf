import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { formatDate } from "~/lib/format";
import { listFollowUps } from "~/services/plan/follow-ups.server";
import { readWith } from "~/web/frame.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return readWith(request, requireOfficer, async (reader) => ({ followUps: await listFollowUps(reader) }));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "plan:followUps.title");

/** "Mina uppföljningar": the unit's and the officer's follow-ups, overdue ones first and marked. */
export default function FollowUps() {
  const { t, i18n } = useTranslation("plan");
  const { followUps } = useLoaderData<typeof loader>();
  const ordered = [...followUps].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.followUpDate.localeCompare(b.followUpDate));
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
    </Page>
  );
}
