import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import postgres from "postgres";
import { totpCode } from "~/lib/auth/totp.server";
import { swedishToday } from "~/lib/calendar";
import { dailyJobId, followUpQueue } from "~/jobs.server";
import { demoPassword, demoTotpSecret } from "../../db/seed";
import { startSmtp } from "../support/smtp";
import { freePort } from "../../scripts/support/servers";
import { Instance, removeFolder, sharedKeys, sleep, startHaproxy, startPostgres, workFolder } from "./support";

/**
 * Issue 14's multi-instance test: two Samsyn instances on one PostgreSQL database behind HAProxy.
 * Signing in through one and going on through the other; a rolling restart while `npm run load`
 * drives the proxy, with no failed request; the day's follow-up reminder sent once however many
 * starts; both instances back within 5 s of a PostgreSQL restart.
 */
const folder = workFolder();
let pg: Awaited<ReturnType<typeof startPostgres>>;
let proxy: Awaited<ReturnType<typeof startHaproxy>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let sql: ReturnType<typeof postgres>;
let databaseUrl: string;
const instances: Instance[] = [];
let followUpActivity: string;

beforeAll(async () => {
  pg = await startPostgres(folder);
  databaseUrl = pg.url("samsyn");
  const admin = postgres(pg.url("postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe("create database samsyn");
  await admin.end();
  smtp = await startSmtp();
  const env: Record<string, string> = { ...sharedKeys(), DATABASE_URL: databaseUrl, SAMSYN_SMTP_URL: smtp.url, NODE_ENV: "development" };
  for (const name of ["a", "b"]) instances.push(new Instance(name, await freePort(), await freePort(), folder, env));
  // Both at once on a new database: one migrates, installs the job queue and loads the demo world
  // under the startup lock while the other waits, then checks and finds it all there.
  for (const instance of instances) instance.start();
  for (const instance of instances) await instance.ready();
  // Both still running once their job workers have started too (they start after listening).
  await sleep(3_000);
  for (const instance of instances) if (instance.process?.exitCode !== null) throw new Error(`${instance.name} stopped after it started:\n${instance.logTail()}`);
  sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  proxy = await startHaproxy(folder, instances);
}, 180_000);

// A failed run keeps its folder and prints what the instances logged beyond the ordinary: each
// answer other than 2xx or 3xx, warnings and errors (the folder is gone once CI ends).
let failed = false;
beforeEach(({ onTestFailed }) => onTestFailed(() => void (failed = true)));

afterAll(async () => {
  proxy?.stop();
  for (const instance of instances) await instance.stop();
  await sql?.end();
  await smtp?.close();
  pg?.stop();
  if (!failed) return removeFolder(folder);
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".log")).sort()) {
    const lines = readFileSync(path.join(folder, file), "utf8").split("\n");
    const unusual = lines.filter((line) => /"status":[45]\d\d|"level":"(warn|error)"|ECONN|Error/.test(line));
    console.error(`--- ${file}: ${lines.length} lines, ${unusual.length} unusual\n${unusual.slice(-40).join("\n")}`);
  }
  console.error(`The multi-instance test failed: its folder ${folder} is kept.`);
}, 60_000);

/** The session cookie a response sets, as a Cookie header (the staff cookie's plain name outside production). */
function sessionCookie(response: Response): string {
  const set = response.headers.getSetCookie().find((cookie) => cookie.startsWith("samsyn-staff="));
  if (!set) throw new Error(`no session cookie (status ${response.status})`);
  return set.split(";")[0]!;
}

async function post(base: string, path: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form),
  });
}

const page = (base: string, path: string, cookie: string) => fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });

describe("two instances behind HAProxy", () => {
  let cookie: string;

  it("sign in on one instance, the second factor on the other, and the session holds on both and through the proxy", async () => {
    const [a, b] = instances as [Instance, Instance];
    const password = await post(a.base, "/login?index", { email: "sara.lindqvist@berg.samsyn.example", password: demoPassword, returnTo: "/cases" });
    expect(password.status).toBe(302);
    expect(password.headers.get("location")).toMatch(/^\/login\/second-factor/);
    const factor = await post(b.base, "/login/second-factor", { method: "totp", code: totpCode(demoTotpSecret, new Date()), returnTo: "/cases" }, sessionCookie(password));
    expect(factor.status).toBe(302);
    expect(factor.headers.get("location")).toBe("/cases");
    cookie = sessionCookie(factor);
    for (const base of [a.base, b.base, proxy.base]) {
      const cases = await page(base, "/cases", cookie);
      expect(cases.status).toBe(200);
      expect(await cases.text()).toContain("Andersson");
    }
  });

  it("a rolling restart while the load tool drives the proxy fails no request", { timeout: 240_000 }, async () => {
    // As if a new day had begun: an activity whose follow-up is today, and no catch-up job for the
    // day yet (the first starts queued and ran one). The restarts below are two more starts.
    const [activity] = await sql<{ id: string }[]>`update plan_activities set follow_up_date = ${swedishToday(new Date())}
      where id = (select id from plan_activities where title = 'Rusta och matcha' limit 1) returning id`;
    followUpActivity = activity!.id;
    await sql`delete from pgboss.job where name = ${followUpQueue}`;
    const seconds = 40;
    const load = spawn(process.execPath, ["--import", "tsx", "scripts/load.ts", "--users", "30", "--seconds", String(seconds), "--clients", "200", "--url", proxy.base], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    load.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    load.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const finished = new Promise<number | null>((resolve) => load.once("exit", (code) => resolve(code)));
    // The load tool prepares its world and sessions first; restart once it is running.
    await expect.poll(() => output.includes("Load:"), { timeout: 60_000, interval: 100 }).toBe(true);
    const loadStarted = Date.now();
    await sleep(4_000);
    for (const instance of instances) {
      expect(await instance.stop()).toBe(0);
      instance.start();
      await instance.ready();
      await sleep(2_000);
    }
    // Both restarts happened while the load was running.
    expect(Date.now() - loadStarted).toBeLessThan(seconds * 1_000);
    const code = await finished;
    expect(output).toMatch(/non-2xx 0, errors 0, timeouts 0/);
    expect(output).toMatch(/\/healthz: \d+ checks, 0 failed/);
    expect(code, output).toBe(0);
  });

  it("sends the day's follow-up reminder once, however many instances restarted", async () => {
    const jobs = await sql<{ id: string; state: string }[]>`select id::text, state::text from pgboss.job where name = ${followUpQueue}`;
    expect(jobs).toEqual([{ id: dailyJobId(followUpQueue, swedishToday(new Date())), state: "completed" }]);
    const reminders = await sql`select 1 from notifications where subject_id = ${followUpActivity} and kind = 'plan.follow_up_today'`;
    expect(reminders.length).toBe(1);
  });

  it("both instances survive a PostgreSQL restart under requests and are back within 5 s", { timeout: 60_000 }, async () => {
    // Requests in flight on both instances while the database goes away. They may fail: a 503, or
    // a page whose body is cut off when the database goes away while it is being answered.
    let busy = true;
    const traffic = instances.map(async (instance) => {
      while (busy) await Promise.all(Array.from({ length: 8 }, () => page(instance.base, "/cases", cookie).then((response) => response.arrayBuffer()).catch(() => undefined)));
    });
    await sleep(500);
    pg.restart();
    const restarted = Date.now();
    busy = false;
    await Promise.all(traffic);
    for (const instance of instances) expect(instance.process?.exitCode, instance.logTail()).toBeNull();
    const back = await Promise.all(
      instances.map(async (instance) => {
        let last = "";
        while (Date.now() - restarted < 30_000) {
          const health = await fetch(`${instance.base}/healthz`).then((response) => response.status, (error: Error) => error.message);
          const cases = health === 200 ? await page(instance.base, "/cases", cookie).then((response) => response.status, (error: Error) => error.message) : "not asked";
          if (cases === 200) return { instance: instance.name, ms: Date.now() - restarted };
          last = `/healthz ${health}, /cases ${cases}`;
          await sleep(100);
        }
        return { instance: instance.name, ms: Infinity, last, log: instance.logTail() };
      }),
    );
    for (const result of back) expect(result.ms, JSON.stringify(result, null, 2)).toBeLessThanOrEqual(5_000);
  });
});
