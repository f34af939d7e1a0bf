import { and, eq, gte, isNotNull, lte, notInArray } from "drizzle-orm";
import { cases, planActivities } from "../../../db/schema";
import { addDays, workingDaysBefore, type IsoDate } from "~/lib/calendar";
import { db } from "~/lib/db.server";
import { recordAudit } from "~/access/audit/record.server";
import { notifyUnits } from "~/services/notifications/notifications.server";

/**
 * Follow-up reminders to the responsible unit: three working days before the follow-up date and
 * on the day, for live activities of open cases. Idempotent per activity, date and kind: the job
 * may run any number of times, and only a reminder actually sent is counted and audited.
 * Run daily by the job queue (app/jobs.server.ts); `today` is Swedish calendar time.
 */
export async function sendFollowUpReminders(today: IsoDate): Promise<number> {
  const rows = await db()
    .select({ activity: planActivities })
    .from(planActivities)
    .innerJoin(cases, eq(cases.id, planActivities.caseId))
    .where(
      and(
        eq(cases.status, "open"),
        eq(planActivities.proposal, "accepted"),
        notInArray(planActivities.status, ["done", "cancelled"]),
        isNotNull(planActivities.followUpDate),
        gte(planActivities.followUpDate, today),
        lte(planActivities.followUpDate, addDays(today, 14)),
      ),
    );
  let sent = 0;
  for (const { activity } of rows) {
    const date = activity.followUpDate!;
    const kind = date === today ? "plan.follow_up_today" : workingDaysBefore(date, 3) === today ? "plan.follow_up_soon" : null;
    if (!kind) continue;
    const notified = await db().transaction(async (tx) => {
      const added = await notifyUnits(tx, [activity.unitId], { kind, caseId: activity.caseId, subjectId: activity.id, dedupeKey: `follow-up:${activity.id}:${date}:${kind}` });
      if (added === 0) return false;
      await recordAudit(undefined, undefined, {
        actorType: "system",
        action: "plan.reminder",
        outcome: "success",
        clientId: activity.clientId,
        caseId: activity.caseId,
        resourceType: "plan_activity",
        resourceId: activity.id,
        basis: "own_organization",
        details: { kind, followUpDate: date },
      }, tx);
      return true;
    });
    if (notified) sent++;
  }
  return sent;
}
