import { z } from "zod";
import { invitationText, meetingWhen } from "./invitations.server";
import type { Meeting } from "../../../db/schema";
import type { Directory } from "~/access/directory.server";
import { meetingStillAsScheduled } from "~/access/reads/meetings.server";
import { swedishInstant, swedishToday, workingDaysBefore } from "~/lib/calendar";
import { db, type Queryable } from "~/lib/db.server";
import { sendJobIn } from "~/lib/job-queue.server";
import { errorFields, log } from "~/lib/log.server";
import { sendMail } from "~/lib/mail.server";
import { caseReference } from "~/services/cases/references";
import { notifyClient } from "~/services/notifications/notifications.server";

/**
 * The reminder of a meeting, the working day before it (ADR 0022): at 08:00 Swedish time on the
 * last working day before the meeting's date (weekends and Swedish public holidays skipped), an
 * e-mail to each participating unit's mailbox and a notice to the client when they take part.
 * Queued with pg-boss's startAfter in the transaction that calls or changes the meeting; a change
 * or a cancellation raises the meeting's SEQUENCE, so a reminder queued for an earlier version
 * finds it changed and sends nothing (the changed meeting has its own).
 */
export const meetingReminderQueue = "meeting-reminder";

/** When the reminder goes out: 08:00 Europe/Stockholm on the working day before the meeting's Swedish date (UTC instant). */
export function reminderAt(startsAt: Date): Date {
  return swedishInstant(workingDaysBefore(swedishToday(startsAt), 1), "08:00");
}

const reminderJob = z.discriminatedUnion("to", [
  z.object({ to: z.literal("unit"), meetingId: z.string().uuid(), sequence: z.number().int(), unitId: z.string().uuid(), mailbox: z.string(), subject: z.string(), text: z.string() }),
  z.object({ to: z.literal("client"), meetingId: z.string().uuid(), sequence: z.number().int(), clientId: z.string().uuid(), caseId: z.string().uuid() }),
]);
export type ReminderJob = z.infer<typeof reminderJob>;

/**
 * Queues the reminders of this version of the meeting inside `tx`; none when the reminder's time
 * has already passed at `at` (the invitation just went out). A queue failure is logged (ids only)
 * and never costs the meeting.
 */
export async function queueReminders(tx: Queryable, meeting: Meeting, caseNumber: number, unitIds: readonly string[], directory: Directory, at: Date): Promise<void> {
  const startAfter = reminderAt(meeting.startsAt);
  if (startAfter <= at) return;
  const reference = caseReference(caseNumber);
  const when = meetingWhen(meeting);
  const jobs: ReminderJob[] = unitIds.flatMap((unitId) => {
    const unit = directory.units.get(unitId);
    return unit
      ? [{ to: "unit" as const, meetingId: meeting.id, sequence: meeting.sequence, unitId, mailbox: unit.mailbox, subject: `Påminnelse / Reminder: ${reference}, ${when}`, text: reminderText(meeting, caseNumber) }]
      : [];
  });
  if (meeting.clientTakesPart) jobs.push({ to: "client", meetingId: meeting.id, sequence: meeting.sequence, clientId: meeting.clientId, caseId: meeting.caseId });
  for (const job of jobs) {
    const key = `${meeting.id}:${meeting.sequence}:${job.to === "unit" ? job.unitId : "client"}`;
    try {
      await tx.transaction((savepoint) => sendJobIn(savepoint, meetingReminderQueue, job, { startAfter, singletonKey: key }));
    } catch (error) {
      log.error("Meeting reminder not queued", { queue: meetingReminderQueue, meetingId: meeting.id, ...errorFields(error) });
    }
  }
}

/** The reminder's text: the invitation's, headed "Påminnelse / Reminder". */
export function reminderText(meeting: Meeting, caseNumber: number): string {
  return ["Påminnelse: mötet är nästa arbetsdag. / Reminder: the meeting is on the next working day.", "", invitationText(meeting, caseNumber, "REQUEST")].join("\n");
}

/**
 * The job's handler: sends one reminder if the meeting is still planned at the SEQUENCE it was
 * queued for, else nothing. Resolves when sent (or not needed); rejects with the SMTP error so that
 * the queue retries. The client's notice is idempotent (one per meeting version).
 */
export async function sendMeetingReminder(data: unknown): Promise<"sent" | "outdated"> {
  const parsed = reminderJob.safeParse(data);
  if (!parsed.success) {
    log.error("Meeting reminder dropped: malformed job data", { queue: meetingReminderQueue });
    return "outdated";
  }
  const job = parsed.data;
  if (!(await meetingStillAsScheduled(job.meetingId, job.sequence))) return "outdated";
  if (job.to === "unit") await sendMail({ to: job.mailbox, subject: job.subject, text: job.text });
  else await notifyClient(db(), job.clientId, { kind: "meeting.reminder", caseId: job.caseId, subjectId: job.meetingId, dedupeKey: `meeting.reminder:${job.meetingId}:${job.sequence}` });
  return "sent";
}
