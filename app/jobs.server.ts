import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import PgBoss from "pg-boss";
import { sealAuditTrail } from "~/access/audit/seal.server";
import { meetingInvitationQueue, sendInvitation, type InvitationMail } from "~/services/meetings/invitations.server";
import { meetingReminderQueue, sendMeetingReminder, type ReminderJob } from "~/services/meetings/reminders.server";
import { messageNoticeQueue, sendMessageNotice, type MessageNotice } from "~/services/messages/notice.server";
import { sendFollowUpReminders } from "~/services/plan/reminders.server";
import { swedishToday } from "~/lib/calendar";
import type { DatabaseHandle } from "~/lib/db.server";
import { isDatabaseUnavailable } from "~/lib/errors";
import { jobQueueSchema } from "~/lib/job-queue.server";
import { errorFields, log } from "~/lib/log.server";
import { now } from "~/lib/time.server";

/**
 * Background jobs on pg-boss, a PostgreSQL-backed queue, run through the app's own database
 * handle: the same queue works on PostgreSQL and on the embedded PGlite (ADR 0010). Every app
 * instance may run workers; pg-boss hands each job to one of them.
 */
export const followUpQueue = "plan-follow-up-reminders";

/**
 * Seals new audit events every few seconds (ADR 0014). pg-boss schedules by the minute, so each run
 * first queues the next one `sealEverySeconds` ahead, and a per-minute schedule restarts that chain
 * should it ever break. The "short" policy keeps at most one job waiting, so the cluster has one
 * chain and each run happens on one instance; the sealer's own lock covers any overlap.
 */
export const auditSealQueue = "audit-seal";
export const sealEverySeconds = 5;
const auditSealQueueOptions: PgBoss.Queue = { name: auditSealQueue, policy: "short", retryLimit: 0, expireInSeconds: 120 };
const auditSealJob = { singletonKey: auditSealQueue };

/**
 * E-mail notices of new messages (ADR 0020), queued in the message's transaction
 * (`queueMessageNotice`). A failed send is retried ten times with doubling, jittered delays (pg-boss:
 * 30–60 s first, then 1–2, 2–4 … minutes; the last about 8½–17 hours after the first try), then the
 * job is left failed. A send that hangs is given up after two minutes (the SMTP timeouts end it
 * sooner).
 */
const messageNoticeQueueOptions: PgBoss.Queue = {
  name: messageNoticeQueue,
  policy: "standard",
  retryLimit: 10,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 120,
};

/** Meeting invitations, changes and cancellations by e-mail (ADR 0022): retried like the message notices. */
const meetingInvitationQueueOptions: PgBoss.Queue = { ...messageNoticeQueueOptions, name: meetingInvitationQueue };
/** Meeting reminders the working day before (ADR 0022), queued with a start time; retried like the notices. */
const meetingReminderQueueOptions: PgBoss.Queue = { ...messageNoticeQueueOptions, name: meetingReminderQueue };

/**
 * Completed jobs stay in pg-boss's job table for two days (its default is 12 hours) before they are
 * archived, so that a job id used once a day (`dailyJobId`) is still there to refuse a second one.
 */
const keepCompletedSeconds = 2 * 24 * 60 * 60;

/** The schema version of the installed pg-boss (its own `version.json`, read as the package has it). */
const jobQueueSchemaVersion = (createRequire(import.meta.url)("pg-boss/version.json") as { schema: number }).schema;

const queueOn = (database: DatabaseHandle, migrate: boolean) =>
  new PgBoss({
    db: { executeSql: (text, values) => database.query(text, values ?? []) },
    schema: jobQueueSchema,
    migrate,
    archiveCompletedAfterSeconds: keepCompletedSeconds,
  });

/**
 * The id of `queue`'s job for one Swedish calendar day (`YYYY-MM-DD`): a UUID made from a SHA-256
 * of the two, the same on every instance, so pg-boss's insert (`on conflict do nothing`) keeps
 * the first and `send` answers null to the rest.
 */
export function dailyJobId(queue: string, day: string): string {
  const hex = createHash("sha256").update(`${queue} ${day}`).digest("hex");
  // Shaped as an RFC 9562 version 8 (custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Every queue the app works on, with its options: installJobQueue creates them, jobQueueInstalled looks for them. */
const appQueues: PgBoss.Queue[] = [
  { name: followUpQueue },
  auditSealQueueOptions,
  messageNoticeQueueOptions,
  meetingInvitationQueueOptions,
  meetingReminderQueueOptions,
];

/**
 * True when the job queue's schema is at the version this pg-boss expects (its `version.json`)
 * and every queue of the app exists: nothing for installJobQueue to do. Asked under the startup
 * lock, so that only an instance that finds the queue missing or behind installs it.
 */
export async function jobQueueInstalled(database: DatabaseHandle): Promise<boolean> {
  const { rows } = await database.query(
    `select (select version from ${jobQueueSchema}.version) as version, (select count(*)::int from ${jobQueueSchema}.queue where name = any($1::text[])) as queues`,
    [appQueues.map((queue) => queue.name)],
  ).catch(() => ({ rows: [] as Record<string, unknown>[] }));
  return Number(rows[0]?.version) === jobQueueSchemaVersion && Number(rows[0]?.queues) === appQueues.length;
}

/**
 * Creates (or upgrades) the queue's own schema and queues, as the database owner: part of
 * `npm run db:migrate`, and of a start that migrates (under the startup lock, when
 * `jobQueueInstalled` says so), so that the app can then run with a role that may not create tables.
 */
export async function installJobQueue(database: DatabaseHandle): Promise<void> {
  const boss = queueOn(database, true);
  boss.on("error", logQueueError);
  await boss.start();
  for (const queue of appQueues) await boss.createQueue(queue.name, queue);
  await boss.stop({ graceful: false, wait: true });
}

/** Starts the workers. With `migrate: false` the queue's schema must already be installed. */
export async function startJobs(database: DatabaseHandle, { migrate }: { migrate: boolean }): Promise<PgBoss> {
  const boss = queueOn(database, migrate);
  boss.on("error", logQueueError);
  await boss.start();
  // Creates nothing when the queue exists (installJobQueue made it), so a restricted role can start.
  await boss.createQueue(followUpQueue);
  // pg-boss keeps one schedule per queue name and fires it once for the whole cluster.
  await boss.schedule(followUpQueue, "0 6 * * *", {}, { tz: "Europe/Stockholm" });
  await boss.work(followUpQueue, async () => {
    const sent = await sendFollowUpReminders(swedishToday(now()));
    log.info("Follow-up reminders sent", { sent });
  });
  // And once a day when an instance starts, so a cluster started after six still reminds today: the
  // job's id is the day's, so however many instances start, the day has one such job.
  await boss.send(followUpQueue, {}, { id: dailyJobId(followUpQueue, swedishToday(now())) });
  await startSealing(boss, database);
  await startMessageNotices(boss);
  await startMeetingInvitations(boss);
  await startMeetingReminders(boss);
  return boss;
}

/**
 * The worker of `messageNoticeQueue`. A failed send rethrows, so pg-boss records the failure and
 * retries; the log line names the job and the SMTP error, never the mail.
 */
export async function startMessageNotices(boss: PgBoss): Promise<void> {
  await boss.createQueue(messageNoticeQueue, messageNoticeQueueOptions);
  await boss.work<MessageNotice>(messageNoticeQueue, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    try {
      await sendMessageNotice(job.data);
    } catch (error) {
      log.warn("Message notice not sent; the queue retries it", {
        jobId: job.id,
        unitId: job.data.unitId,
        messageId: job.data.messageId,
        ...smtpErrorFields(error),
      });
      throw error;
    }
  });
}

/** The worker of `meetingInvitationQueue`: sends each rendered invitation; a failed send rethrows, so pg-boss retries it. */
export async function startMeetingInvitations(boss: PgBoss): Promise<void> {
  await boss.createQueue(meetingInvitationQueue, meetingInvitationQueueOptions);
  await boss.work<InvitationMail>(meetingInvitationQueue, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    try {
      await sendInvitation(job.data);
    } catch (error) {
      log.warn("Meeting invitation not sent; the queue retries it", { jobId: job.id, meetingId: job.data.meetingId, unitId: job.data.unitId, ...smtpErrorFields(error) });
      throw error;
    }
  });
}

/** The worker of `meetingReminderQueue`: a reminder whose meeting changed since is dropped; a failed send rethrows, so pg-boss retries it. */
export async function startMeetingReminders(boss: PgBoss): Promise<void> {
  await boss.createQueue(meetingReminderQueue, meetingReminderQueueOptions);
  await boss.work<ReminderJob>(meetingReminderQueue, { pollingIntervalSeconds: 5 }, async ([job]) => {
    if (!job) return;
    try {
      await sendMeetingReminder(job.data);
    } catch (error) {
      log.warn("Meeting reminder not sent; the queue retries it", { jobId: job.id, meetingId: job.data.meetingId, ...smtpErrorFields(error) });
      throw error;
    }
  });
}

/** What a failed send may log: the error's kind and codes, not the server's whole answer or the mail. */
function smtpErrorFields(error: unknown) {
  const { error: message, errorName, code, cause } = errorFields(error);
  const { responseCode, command } = (error ?? {}) as { responseCode?: unknown; command?: unknown };
  return { error: message, errorName, code, responseCode, command, cause };
}

/** The sealing chain's first link, its per-minute safety net and its worker (see `auditSealQueue`). */
async function startSealing(boss: PgBoss, database: DatabaseHandle): Promise<void> {
  await boss.createQueue(auditSealQueue, auditSealQueueOptions);
  await boss.schedule(auditSealQueue, "* * * * *", {}, auditSealJob);
  await boss.work(auditSealQueue, async () => {
    // Queued first, so that neither a failure nor a crash of this run stops the chain.
    await boss.send(auditSealQueue, {}, { ...auditSealJob, startAfter: sealEverySeconds });
    try {
      const run = await sealAuditTrail(database);
      if (run.events > 0) log.info("Audit events sealed", { events: run.events, seals: run.seals.length, lastSeq: run.seals.at(-1)?.seq, stoppedBy: run.stoppedBy });
    } catch (error) {
      (isDatabaseUnavailable(error) ? log.warn : log.error)("Audit sealing failed", errorFields(error));
      throw error;
    }
  });
  await boss.send(auditSealQueue, {}, auditSealJob);
}

/** The queue polls on: while the database is out of reach that is expected (a warning), otherwise an error. */
function logQueueError(error: unknown): void {
  (isDatabaseUnavailable(error) ? log.warn : log.error)("Job queue error", errorFields(error));
}
