import type { StaffActor } from "~/access/actor";
import { together, type Reader } from "~/access/gate.server";
import { readCase } from "~/access/reads/cases.server";
import { ownCategories } from "~/services/cases/entries.server";
import { getCaseView } from "~/services/cases/view.server";
import { caseMeetings } from "~/services/meetings/view.server";
import { getPlanSummary } from "~/services/plan/view.server";
import { recentActivity } from "~/services/plan/feed.server";
import { listRequestsForCase } from "~/services/requests/case-requests.server";

/**
 * Everything the case page (`/cases/:caseId`) shows, read as one look (one audit event for the
 * client, written by the gate that handed out `reader`): the gate's decision on the case first (or
 * a 404 `AccessDenied`, recorded once), then its sections, plan, recent activity, requests,
 * meetings and the categories the officer may record in, read together (docs/architecture.md,
 * "One event per look"): their first statements travel in one round trip, since each part finds
 * the case and its consents already loaded. The page's loader and the bench's audited case view
 * both call this.
 */
export async function readCasePage(reader: Reader<StaffActor>, caseId: string) {
  await readCase(reader, caseId);
  const [view, plan, feed, requests, meetings, own] = await together([
    getCaseView(reader, caseId),
    getPlanSummary(reader, caseId),
    recentActivity(reader, caseId),
    listRequestsForCase(reader, caseId),
    caseMeetings(reader, caseId),
    ownCategories(reader),
  ]);
  const categories = own.map((category) => ({ code: category.code, name: { sv: category.nameSv, en: category.nameEn } }));
  return { view, plan, feed, requests, categories, meetings };
}
