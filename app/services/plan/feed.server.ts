import type { Reader } from "~/access/gate.server";
import { readCase } from "~/access/reads/cases.server";
import { readActivitiesById, readPlanChanges } from "~/access/reads/plan.server";
import { activityViews } from "./view.server";

/** What changed lately on a case: the plan's changes and the consents given, changed or revoked. */
export interface FeedItem {
  id: string;
  /** "goal.created", "activity.updated", "consent.revoked" … (plan:feed.kinds). */
  kind: string;
  /** ISO time. */
  at: string;
  by: string | null;
  organization: string | null;
  /** Null for an activity the viewer may not see: it reads "an activity by <organisation>". */
  title: string | null;
}

/**
 * The latest `limit` changes of the case (case.view as "case_feed"), newest first, each as far as
 * the viewer may see it: an activity only in words they may read, a proposal they are not party
 * to not at all.
 */
export async function recentActivity(reader: Reader, caseId: string, limit = 15): Promise<FeedItem[]> {
  const scope = await readCase(reader, caseId, { resourceType: "case_feed" });
  const changes = await readPlanChanges(reader, scope, limit);
  const activityIds = changes.filter(({ row }) => row.itemType === "activity").map(({ row }) => row.itemId);
  const reads = await readActivitiesById(reader, scope, activityIds);
  const views = new Map((await activityViews(reader, scope, reads)).map((view) => [view.id, view]));
  const items: FeedItem[] = [];
  for (const { row, changedBy } of changes) {
    if (row.itemType === "activity") {
      const view = views.get(row.itemId);
      if (!view) continue;
      const hidden = !view.detail;
      items.push({ id: row.id, kind: `activity.${row.change}`, at: row.changedAt.toISOString(), by: hidden ? null : changedBy, organization: view.organization, title: hidden ? null : view.detail!.title });
    } else {
      items.push({ id: row.id, kind: `${row.itemType}.${row.change}`, at: row.changedAt.toISOString(), by: changedBy, organization: null, title: String((row.after ?? row.before)?.text ?? "") });
    }
  }
  for (const consent of await reader.consentRowsOf(scope.facts.caseId)) {
    const given = { id: `${consent.id}:${consent.version === 1 ? "given" : "changed"}`, kind: consent.version === 1 ? "consent.given" : "consent.changed" };
    items.push({ ...given, at: consent.createdAt.toISOString(), by: null, organization: null, title: null });
    if (consent.revokedAt) items.push({ id: `${consent.id}:revoked`, kind: "consent.revoked", at: consent.revokedAt.toISOString(), by: null, organization: null, title: null });
  }
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}
