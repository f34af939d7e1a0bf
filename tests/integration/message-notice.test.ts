import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { organizations, orgUnits } from "../../db/schema";
import { installJobQueue, startMessageNotices } from "~/jobs.server";
import { db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { jobQueueSchema } from "~/lib/job-queue.server";
import { log } from "~/lib/log.server";
import { startMailCatcher } from "~/lib/mail-catcher.server";
import { useSmtpServer } from "~/lib/mail.server";
import { messageNoticeQueue, queueMessageNotice, sendMessageNotice } from "~/services/messages/notice.server";
import { useTestDatabase } from "../support/database";
import { startSmtp } from "../support/smtp";

/**
 * The e-mail notice of a new message (ADR 0020): queued in the message's transaction, sent by the
 * job queue's real worker over a real SMTP conversation (smtp-server in this process, read back
 * with mailparser), retried while the server is down, and never more than "a message waits, here
 * is the link".
 */
const database = useTestDatabase();
const mailbox = "ostersund@af.samsyn.example";
let unitId: string;


/** A port nothing listens on: connecting is refused at once. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const jobsOf = (messageId: string) =>
  database.current().rows<{ state: string; retry_count: number; retry_limit: number; data: unknown; output: unknown }>(
    sql`select state, retry_count, retry_limit, data, output from ${sql.raw(jobQueueSchema)}.job where name = ${messageNoticeQueue} and data->>'messageId' = ${messageId}`,
  );

/** The exact notice: both languages, the link, and nothing else. */
const expectedText = (link: string) =>
  [
    "Hej!",
    "",
    "Ett nytt meddelande väntar i er enhets funktionsbrevlåda i Samsyn.",
    "Logga in i Samsyn för att läsa det:",
    link,
    "",
    "Meddelandets innehåll skickas aldrig med e-post. Det här brevet skickas automatiskt och går inte att svara på.",
    "",
    "-----",
    "",
    "Hello,",
    "",
    "A new message is waiting in your unit's functional mailbox in Samsyn.",
    "Sign in to Samsyn to read it:",
    link,
    "",
    "The message's content is never sent by e-mail. This notice is sent automatically; replies are not read.",
    "",
  ].join("\n");

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let boss: PgBoss | undefined;

beforeAll(async () => {
  await installJobQueue(database.current());
  const [organization] = await db().insert(organizations).values({ kind: "af", name: "Arbetsförmedlingen" }).returning();
  const [unit] = await db().insert(orgUnits).values({ organizationId: organization!.id, name: "Arbetsförmedlingen Östersund", mailbox }).returning();
  unitId = unit!.id;
  smtp = await startSmtp();
  // The job queue's real worker, as startJobs registers it, without the app's other jobs.
  boss = new PgBoss({
    db: { executeSql: (text, values) => database.current().query(text, values ?? []) },
    schema: jobQueueSchema,
    migrate: false,
    supervise: false,
    schedule: false,
  });
  boss.on("error", () => {});
  await boss.start();
  await startMessageNotices(boss);
});

afterAll(async () => {
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  await smtp?.close();
  useSmtpServer(undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the e-mail notice of a new message", () => {
  it("goes through the job queue to the unit's mailbox: fixed subject, the link, no content", async () => {
    useSmtpServer(smtp.url);
    const messageId = randomUUID();
    await db().transaction((tx) => queueMessageNotice(tx, { unitId, messageId }));

    await expect.poll(() => smtp.received.filter((mail) => mail.mail.text?.includes(messageId)).length, { timeout: 8_000, interval: 100 }).toBe(1);
    const { envelopeFrom, envelopeTo, mail } = smtp.received.find((received) => received.mail.text?.includes(messageId))!;
    const link = `${getEnv().publicUrl}/messages/${messageId}?unit=${unitId}`;
    expect(link).toMatch(/^https?:\/\/[^/]+\/messages\/[0-9a-f-]{36}\?unit=[0-9a-f-]{36}$/);
    expect(envelopeTo).toEqual([mailbox]);
    expect(mail.to).toMatchObject({ value: [{ address: mailbox }] });
    expect(envelopeFrom).toBe("noreply@samsyn.invalid");
    expect(mail.from?.value).toEqual([{ address: "noreply@samsyn.invalid", name: "Samsyn" }]);
    expect(mail.subject).toBe("Nytt meddelande i Samsyn / New message in Samsyn");
    expect(mail.text).toBe(expectedText(link));
    expect(mail.html).toBe(false);
    expect(mail.attachments).toEqual([]);
    // Nothing about the client or the case, whatever the template says: no name, no identity number.
    const withoutLink = mail.text!.replaceAll(link, "");
    expect(withoutLink).not.toMatch(/Eva/);
    expect(withoutLink).not.toMatch(/\d{6}[-+]?\d{4}|\d{10}|\d{12}/);
    await expect.poll(async () => (await jobsOf(messageId)).map((job) => job.state), { timeout: 5_000, interval: 100 }).toEqual(["completed"]);
    expect((await jobsOf(messageId))[0]!.data).toEqual({ unitId, messageId });
  });

  it("exists only if the message's transaction commits", async () => {
    const messageId = randomUUID();
    const rollback = new Error("the message was not stored");
    await expect(
      db().transaction(async (tx) => {
        await queueMessageNotice(tx, { unitId, messageId });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await jobsOf(messageId)).toEqual([]);
  });

  it("never costs the message: a queue that fails leaves the transaction to commit", async () => {
    const errors = vi.spyOn(log, "error").mockImplementation(() => {});
    const messageId = randomUUID();
    const storedWithIt = `Enhet ${messageId}`;
    await db().transaction(async (tx) => {
      // The queue's table gone for the moment (restored before commit): the insert fails.
      await tx.execute(sql.raw(`alter table ${jobQueueSchema}.job rename to job_away`));
      await queueMessageNotice(tx, { unitId, messageId });
      await tx.execute(sql.raw(`alter table ${jobQueueSchema}.job_away rename to job`));
      await tx.insert(orgUnits).values({ organizationId: (await tx.select().from(orgUnits).where(eq(orgUnits.id, unitId)))[0]!.organizationId, name: storedWithIt, mailbox: `${messageId}@af.samsyn.example` });
    });
    expect(await db().select().from(orgUnits).where(eq(orgUnits.name, storedWithIt))).toHaveLength(1);
    expect(await jobsOf(messageId)).toEqual([]);
    expect(errors).toHaveBeenCalledWith("Message notice not queued", expect.objectContaining({ unitId, messageId }));
  });

  it("is retried while the SMTP server is down, and sent once it is back", async () => {
    const warnings = vi.spyOn(log, "warn").mockImplementation(() => {});
    useSmtpServer(`smtp://127.0.0.1:${await deadPort()}`);
    const messageId = randomUUID();
    await db().transaction((tx) => queueMessageNotice(tx, { unitId, messageId }));

    await expect.poll(async () => (await jobsOf(messageId)).map((job) => job.state), { timeout: 8_000, interval: 100 }).toEqual(["retry"]);
    const [failed] = await jobsOf(messageId);
    // pg-boss counts a retry when it starts one; the failure is recorded on the job, which waits.
    expect(failed).toMatchObject({ retry_count: 0, retry_limit: 10, data: { unitId, messageId }, output: { message: expect.stringMatching(/ECONNREFUSED/) } });
    expect(warnings).toHaveBeenCalledWith("Message notice not sent; the queue retries it", expect.objectContaining({ messageId, code: "ESOCKET" }));
    expect(smtp.received.some((received) => received.mail.text?.includes(messageId))).toBe(false);

    // The server is back and the retry is due (instead of in half a minute): the same job sends it.
    useSmtpServer(smtp.url);
    await database.current().rows(sql`update ${sql.raw(jobQueueSchema)}.job set start_after = now() where name = ${messageNoticeQueue} and data->>'messageId' = ${messageId}`);
    await expect.poll(() => smtp.received.filter((received) => received.mail.text?.includes(messageId)).length, { timeout: 8_000, interval: 100 }).toBe(1);
    await expect.poll(async () => (await jobsOf(messageId)).map((job) => job.state), { timeout: 5_000, interval: 100 }).toEqual(["completed"]);
    expect((await jobsOf(messageId))[0]).toMatchObject({ retry_count: 1, data: { unitId, messageId } });
  });
});

describe("the development mail catcher", () => {
  it("keeps each mail as an .eml file in its folder and logs where", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "samsyn-mail-")), "mail");
    const infos = vi.spyOn(log, "info").mockImplementation(() => {});
    const catcher = await startMailCatcher({ port: 0, dir });
    try {
      expect(catcher.url).toBe(`smtp://127.0.0.1:${catcher.port}`);
      useSmtpServer(catcher.url);
      const messageId = randomUUID();
      await sendMessageNotice({ unitId, messageId });
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const mail = await simpleParser(readFileSync(path.join(dir, files[0]!)));
      expect(mail.to).toMatchObject({ value: [{ address: mailbox }] });
      expect(mail.subject).toBe("Nytt meddelande i Samsyn / New message in Samsyn");
      expect(mail.text).toBe(expectedText(`${getEnv().publicUrl}/messages/${messageId}?unit=${unitId}`));
      expect(infos).toHaveBeenCalledWith("Mail caught", { file: path.join(dir, files[0]!) });
    } finally {
      useSmtpServer(undefined);
      await catcher.close();
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
