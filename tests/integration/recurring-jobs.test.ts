import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dailyJobId, followUpQueue, installJobQueue, jobQueueInstalled, startJobs } from "~/jobs.server";
import { swedishToday } from "~/lib/calendar";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();
const rows = <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => database.current().rows<T>(query);

describe("the job queue's schema", () => {
  it("is found missing on a new database and installed after installJobQueue (what a start checks under its lock)", { timeout: 60_000 }, async () => {
    expect(await jobQueueInstalled(database.current())).toBe(false);
    await installJobQueue(database.current());
    expect(await jobQueueInstalled(database.current())).toBe(true);
    // An install of another pg-boss schema version is behind.
    await rows(sql`update pgboss.version set version = version - 1`);
    expect(await jobQueueInstalled(database.current())).toBe(false);
    await rows(sql`update pgboss.version set version = version + 1`);
  });
});

describe("recurring jobs on several instances", () => {
  it("are scheduled once for the cluster however many instances start, and the day's catch-up job is queued once", { timeout: 60_000 }, async () => {
    // Three instances' job runners on one database, started one after the other as a rolling start does.
    const instances = [];
    try {
      for (let i = 0; i < 3; i++) instances.push(await startJobs(database.current(), { migrate: true }));
      expect(await rows(sql`select name, cron, timezone from pgboss.schedule where name = ${followUpQueue}`)).toEqual([
        { name: followUpQueue, cron: "0 6 * * *", timezone: "Europe/Stockholm" },
      ]);
      const today = swedishToday(new Date());
      const jobs = await rows<{ id: string }>(sql`select id::text from pgboss.job where name = ${followUpQueue}`);
      expect(jobs).toEqual([{ id: dailyJobId(followUpQueue, today) }]);
      // Run once it is (by whichever instance fetched it), and still one job afterwards.
      await expect.poll(async () => (await rows<{ state: string }>(sql`select state from pgboss.job where name = ${followUpQueue}`)).map((row) => row.state), { timeout: 20_000, interval: 250 }).toEqual(["completed"]);
      instances.push(await startJobs(database.current(), { migrate: true }));
      expect(await rows(sql`select count(*)::int as n from pgboss.job where name = ${followUpQueue}`)).toEqual([{ n: 1 }]);
    } finally {
      for (const boss of instances) await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    }
  });
});

describe("dailyJobId", () => {
  it("is a UUID that every instance computes alike for a queue and a day, and another for another day or queue", () => {
    const id = dailyJobId(followUpQueue, "2026-12-01");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(dailyJobId(followUpQueue, "2026-12-01")).toBe(id);
    expect(dailyJobId(followUpQueue, "2026-12-02")).not.toBe(id);
    expect(dailyJobId("audit-seal", "2026-12-01")).not.toBe(id);
  });
});
