import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { syncCatalogue } from "../db/catalogue";
import { syncActivityTypes } from "../db/activity-types";
import * as schema from "../db/schema";
import { organizations, users } from "../db/schema";
import { seedDemoWorld } from "../db/seed";
import type { ClientActor, StaffActor } from "../app/access/actor";
import { auditVerifyKeys } from "../app/access/audit/keys.server";
import { recordLooks, type LookEvent } from "../app/access/audit/record.server";
import { sealAuditTrail } from "../app/access/audit/seal.server";
import { verifyAuditTrail } from "../app/access/audit/verify.server";
import { withReader } from "../app/access/gate.server";
import { viewerOf } from "../app/access/guards.server";
import { Reader } from "../app/access/reader.server";
import { createStaffSession, sessionCookieOptions } from "../app/lib/auth/session.server";
import { encrypt } from "../app/lib/crypto.server";
import { db, openDatabase, useDatabase, type Database, type DatabaseHandle } from "../app/lib/db.server";
import { getEnv } from "../app/lib/env.server";
import { accessLogPage } from "../app/services/audit/access-log.server";
import { ownCategories } from "../app/services/cases/entries.server";
import { getCaseView } from "../app/services/cases/view.server";
import { countUnreadNotices } from "../app/services/notifications/notifications.server";
import { recentActivity } from "../app/services/plan/feed.server";
import { getPlan } from "../app/services/plan/view.server";
import { listRequestsForCase } from "../app/services/requests/case-requests.server";

/**
 * `npm run bench [-- --cases N --events N --reads N --seconds N --http-rounds N --no-http --rebuild --no-build --cpu-prof]`:
 * the one door's cost, measured in one run on a new database (next to DATABASE_URL's on
 * PostgreSQL, else a new PGlite folder), dropped afterwards unless BENCH_KEEP=1 (docs/bench.md).
 *   1. N audit events written through the app's own path (`recordLooks`) and sealed (`sealAuditTrail`);
 *   2. the client's access log at 10 000 events and at the full volume (p50/p95);
 *   3. the audited case view against the same work with no audit row written at all (p50/p95);
 *   4. audit writes per second with 8 concurrent writers (distinct clients, and one client);
 *   5. on PostgreSQL, the real server under load (autocannon): the home page, ten officers on one
 *      client's case page, ten officers on ten clients' case pages, with pg_stat_activity sampled
 *      for lock waits; and the statements one case page sends.
 * Prints a table, says which goal is met and which is not, and writes JSON to bench-results/.
 */
const flags = new Set<string>();
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i]!.replace(/^--/, "");
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith("--")) flags.add(name);
  else args.set(name, process.argv[++i]!);
}
const volume = {
  cases: Number(args.get("cases") ?? 10_000),
  events: Number(args.get("events") ?? 1_000_000),
  reads: Number(args.get("reads") ?? 300),
  seconds: Number(args.get("seconds") ?? 10),
  httpRounds: Number(args.get("http-rounds") ?? 1),
};
const smallEvents = Math.min(10_000, volume.events);
const probeEvents = 200;
const connections = 10;
const warmupSeconds = 3;
const goals = { auditRatio: 1.3, logGrowth: 1.3, oneClientWithin: 0.1, casePerHome: 0.5 };

const withRequest = (actor: StaffActor, requestId: string): StaffActor => ({ ...actor, http: { requestId, clientIp: "127.0.0.1" } });
/** Rows per bulk statement (each row another client; 2 000 rows stay well inside PostgreSQL's 65 535 parameters). */
const bulkBatch = 2_000;
let bulkWritten = 0;
const round = (value: number) => Number(value.toFixed(2));
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
const verdict = (met: boolean) => (met ? "met" : "NOT met");
let server: ChildProcess | undefined;

const env = getEnv();
const stamp = new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14);
const name = `samsyn_bench_${stamp}_${randomBytes(2).toString("hex")}`;
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

let handle: DatabaseHandle;
let benchUrl: string | undefined;
let dropTarget: () => Promise<void>;
if (env.databaseUrl) {
  const admin = openDatabase({ url: env.databaseUrl });
  await admin.rows(sql.raw(`create database ${name}`));
  const url = new URL(env.databaseUrl);
  url.pathname = `/${name}`;
  benchUrl = url.toString();
  handle = openDatabase({ url: benchUrl });
  dropTarget = async () => {
    await admin.rows(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  };
} else {
  const dir = path.join(env.dataDir, name);
  handle = openDatabase({ dataDir: dir });
  dropTarget = async () => rmSync(dir, { recursive: true, force: true });
}
useDatabase(handle);

/** One bench case and the ids of what it holds (bench_cases), so that look templates can be moved onto it. */
interface BenchCase {
  n: number;
  case_id: string;
  client_id: string;
  goal_id: string;
  af_activity_id: string;
  own_activity_id: string;
  af_entry_id: string;
  own_entry_id: string;
  request_id: string;
  item_id: string;
}
const idColumns = ["case_id", "client_id", "goal_id", "af_activity_id", "own_activity_id", "af_entry_id", "own_entry_id", "request_id", "item_id"] as const;

try {
  log(`${handle.driver}: ${volume.cases} cases, ${volume.events} audit events, ${volume.reads} reads per mode, ${volume.seconds} s per load run`);
  await handle.migrate();
  await syncCatalogue(handle.db);
  await syncActivityTypes(handle.db);
  await seedDemoWorld(handle.db);
  const sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  const erik = await staffActor("erik.holm@af.samsyn.example");

  log("seeding clients, cases, consents, entries, plans and requests");
  const benchCases = await seedCases(sara, erik);
  const probe = probeClient(benchCases[0]!);
  await handle.rows(sql`analyze`);

  // Look templates: what the case page's look really records, for a lead officer and for AF.
  const templates = [await lookTemplate(sara, benchCases[1]!), await lookTemplate(erik, benchCases[1]!)];
  log(`look templates: ${templates.map((t) => `${t.actor.name} ${t.reads} reads, ${t.bytes} bytes of reads`).join("; ")}`);

  log(`writing ${smallEvents} audit events through recordLooks`);
  const writes: WriteRun[] = [];
  writes.push(await writeProbeEvents(probeEvents, probe, templates, benchCases[0]!));
  writes.push(await writeBulkEvents(smallEvents - probeEvents, templates, benchCases));
  const sealSmall = await seal();
  await handle.rows(sql`analyze`);
  const logSmall = await timeMany(volume.reads, () => withReader(probe, (reader) => accessLogPage(reader, {}, 0)));

  log(`writing up to ${volume.events} audit events through recordLooks`);
  writes.push(await writeBulkEvents(volume.events - smallEvents, templates, benchCases));
  const sealLarge = await seal();
  const verified = await verify();
  await handle.rows(sql`analyze`);
  const logLarge = await timeMany(volume.reads, () => withReader(probe, (reader) => accessLogPage(reader, {}, 0)));

  log("case view: audited (withReader) and with no audit row written (the same reader work, no insert)");
  const viewIds = benchCases.slice(1).sort(() => Math.random() - 0.5).slice(0, 500).map((row) => row.case_id);
  const pick = () => viewIds[Math.floor(Math.random() * viewIds.length)]!;
  // The three series run interleaved, one request of each in turn (in a rotating order), so that
  // what the machine does meanwhile (autovacuum after the bulk load, other processes) falls on all
  // three alike instead of on whichever block happened to run then.
  const series = await timeInterleaved(volume.reads, [
    () => withReader(erik, (reader) => getCaseView(reader, pick())),
    // Diagnostic only: how much of the difference is the commit waiting for its WAL flush.
    () =>
      withReader(erik, async (reader) => {
        await reader.tx.execute(sql`set local synchronous_commit = off`);
        return getCaseView(reader, pick());
      }),
    () =>
      db().transaction((tx) => {
        const reader = new Reader(erik, tx);
        return getCaseView(reader, pick());
      }),
  ]);
  const [audited, asyncCommit, unaudited] = [series[0]!, series[1]!, series[2]!];

  log(`8 concurrent audit writers for ${volume.seconds} s, distinct clients, then one client`);
  const eight = benchCases.slice(1, 9);
  const distinct = await writers(8, (writer) => eight[writer]!, templates[0]!);
  const sameClient = await writers(8, () => eight[0]!, templates[0]!);

  let http: HttpResults | { skipped: string };
  if (!benchUrl) http = { skipped: "the HTTP part needs PostgreSQL (a PGlite folder opens in one process only)" };
  else if (flags.has("no-http")) http = { skipped: "--no-http" };
  else http = await httpPart(benchUrl, sara, benchCases);

  const results = {
    database: handle.driver,
    volume,
    machine: { cpus: cpus().length, node: process.version },
    auditWrites: {
      path: "recordLooks (app/access/audit/record.server.ts), the app's insert path: no trigger on insert; sealed afterwards by sealAuditTrail",
      differences: [
        "looks are built from templates the real reader recorded for the case page (same reads jsonb), moved onto each bench case, not decided again per event",
        `many looks per statement (up to ${Math.min(bulkBatch, volume.cases - 1)} rows, one client each) where the app sends one statement per look; all looks of one statement share its request id`,
        "occurred_at is the time of writing (the column default), so the million events span minutes, not years",
      ],
      runs: writes,
      sealing: { at10k: sealSmall, atFull: sealLarge },
      verify: verified,
    },
    accessLog: { at10k: stats(logSmall), atFull: stats(logLarge), growthP95: ratio(stats(logLarge).p95, stats(logSmall).p95), goal: goals.logGrowth },
    caseView: {
      baseline: "db().transaction(tx => getCaseView(new Reader(actor, tx), id)): same queries and decisions as withReader, no audit insert at all",
      audited: stats(audited),
      unaudited: stats(unaudited),
      /** Diagnostic, not a goal: audited, but the commit does not wait for the WAL flush (one more statement). */
      auditedAsyncCommit: stats(asyncCommit),
      ratio: { p50: ratio(stats(audited).p50, stats(unaudited).p50), p95: ratio(stats(audited).p95, stats(unaudited).p95), goal: goals.auditRatio },
    },
    writers: { distinctClientsPerSecond: distinct, sameClientPerSecond: sameClient },
    http,
    measuredAt: new Date().toISOString(),
  };
  printResults(results);
  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", `bench-${stamp}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  log(`results written to ${file}`);
} finally {
  await stopServer();
  useDatabase(undefined);
  await handle.close();
  if (process.env.BENCH_KEEP !== "1") await dropTarget();
  else log(`kept database ${name}`);
}

// ---------------------------------------------------------------------------------------------
// Seeding

async function staffActor(email: string): Promise<StaffActor> {
  const [row] = await handle.db
    .select({ user: users, kind: organizations.kind })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.email, email));
  const { user, kind } = row!;
  return { kind: "staff", userId: user.id, sessionId: "bench", name: user.name, title: user.title, email, role: user.role, organizationId: user.organizationId, organizationKind: kind, unitId: user.unitId, http: { requestId: "bench", clientIp: "127.0.0.1" } };
}

/**
 * Cases led by Sara's unit, each with a consent that lets AF and the municipality share a little,
 * two entries, a goal with two activities (AF's and the municipality's) and their history, and
 * one pending information request to AF — Eva's case from the demo world, `volume.cases` times.
 * Plain inserts with every trigger and constraint in place.
 */
async function seedCases(lead: StaffActor, af: StaffActor): Promise<BenchCase[]> {
  const n = volume.cases;
  await handle.db.transaction(async (tx) => {
    // One real ciphertext for all: the case page decrypts it like any other.
    await tx.execute(sql`insert into clients (personnummer_encrypted, personnummer_hmac, given_name, family_name, identity_unit_id)
      select ${encrypt("199001019806")}, md5('bench-client-' || i) || md5('x' || i), 'Benchperson', 'Nummer ' || i, ${lead.unitId}::uuid from generate_series(1, ${n}) i`);
    await tx.execute(sql`insert into cases (client_id, lead_organization_id, lead_unit_id, opened_by, opened_at)
      select id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, ${lead.userId}, now() - interval '30 days' from clients where given_name = 'Benchperson'`);
    // The bench's own index of its cases, with the ids of what each will hold (new uuids per row).
    await tx.execute(sql`create table bench_cases as
      select row_number() over (order by k.number)::int as n, k.id as case_id, k.client_id from cases k join clients c on c.id = k.client_id
      where c.given_name = 'Benchperson'`);
    for (const column of idColumns.slice(2)) await tx.execute(sql.raw(`alter table bench_cases add column ${column} uuid not null default gen_random_uuid()`));
    await tx.execute(sql`create unique index on bench_cases (n)`);
    await tx.execute(sql`insert into case_participants (case_id, organization_id, unit_id, added_by)
      select case_id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, ${lead.userId} from bench_cases
      union all select case_id, ${af.organizationId}::uuid, ${af.unitId}::uuid, ${lead.userId} from bench_cases`);
    await tx.execute(sql`insert into consents (id, lineage_id, version, case_id, client_id, purpose, method, given_at, valid_from, valid_until, recorded_by)
      select case_id, case_id, 1, case_id, client_id, 'Benchmark', 'recorded_paper', now() - interval '28 days', now() - interval '28 days', now() + interval '150 days', ${lead.userId} from bench_cases`);
    for (const [discloser, recipient, category] of [
      [af.organizationId, lead.organizationId, "af.planning_meeting"],
      [af.organizationId, lead.organizationId, "af.activity_report"],
      [af.organizationId, lead.organizationId, "af.action_plan"],
      [lead.organizationId, af.organizationId, "municipality.income_support"],
    ]) {
      await tx.execute(sql`insert into consent_grants (consent_id, discloser_organization_id, recipient_organization_id, category_code)
        select case_id, ${discloser}::uuid, ${recipient}::uuid, ${category} from bench_cases`);
    }
    await tx.execute(sql`insert into case_entries (id, case_id, client_id, organization_id, unit_id, category_code, text, recorded_by)
      select af_entry_id, case_id, client_id, ${af.organizationId}::uuid, ${af.unitId}::uuid, 'af.planning_meeting', 'Nästa planeringssamtal: 3 december kl. 10.00 på Arbetsförmedlingen Östersund.', ${af.userId} from bench_cases
      union all select own_entry_id, case_id, client_id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, 'municipality.income_support', 'Försörjningsstöd beviljat för november.', ${lead.userId} from bench_cases`);
    await tx.execute(sql`insert into plan_goals (id, case_id, client_id, text, client_words, target_date, created_by)
      select goal_id, case_id, client_id, 'Egen försörjning inom 12 månader', 'Jag vill ha ett jobb där jag hinner hämta barnen.', current_date + 330, ${lead.userId} from bench_cases`);
    await tx.execute(sql`insert into plan_activities (id, case_id, client_id, goal_id, title, type_code, organization_id, unit_id, assignee_id, start_date, end_date, extent, status, follow_up_date, category_code, created_by)
      select af_activity_id, case_id, client_id, goal_id, 'Rusta och matcha', 'coachning', ${af.organizationId}::uuid, ${af.unitId}::uuid, ${af.userId}, current_date - 14, current_date + 90, 50, 'ongoing'::plan_activity_status, current_date + 5, 'af.action_plan', ${af.userId} from bench_cases
      union all select own_activity_id, case_id, client_id, goal_id, 'Kartläggning av ekonomin', 'kartlaggning', ${lead.organizationId}::uuid, ${lead.unitId}::uuid, ${lead.userId}, current_date - 7, current_date + 21, 25, 'ongoing'::plan_activity_status, current_date - 2, 'municipality.social_plan', ${lead.userId} from bench_cases`);
    await tx.execute(sql`insert into plan_history (case_id, item_type, item_id, changed_by_user_id, change, after)
      select case_id, 'goal', goal_id, ${lead.userId}, 'created', '{"text":"Egen försörjning inom 12 månader"}'::jsonb from bench_cases
      union all select case_id, 'activity', af_activity_id, ${af.userId}, 'created', '{"title":"Rusta och matcha"}'::jsonb from bench_cases
      union all select case_id, 'activity', own_activity_id, ${lead.userId}, 'created', '{"title":"Kartläggning av ekonomin"}'::jsonb from bench_cases`);
    await tx.execute(sql`insert into info_requests (id, case_id, client_id, requesting_organization_id, requesting_unit_id, requested_by, receiving_organization_id, receiving_unit_id, purpose, basis, legal_reference, legal_justification, desired_by, status, created_at, submitted_at)
      select request_id, case_id, client_id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, ${lead.userId}, ${af.organizationId}::uuid, ${af.unitId}::uuid,
        'Vi behöver veta hur länge aktivitetsstödet kan fortsätta.', 'legal', 'SoL 11 kap. 11 §', 'Uppgiften behövs för att pröva rätten till ekonomiskt bistånd.', current_date + 3, 'submitted', now() - interval '2 days', now() - interval '2 days' from bench_cases`);
    await tx.execute(sql`insert into info_request_items (id, request_id, category_code) select item_id, request_id, 'af.days_used_job' from bench_cases`);
  });
  return handle.rows<BenchCase>(sql.raw(`select n, ${idColumns.map((column) => `${column}::text`).join(", ")} from bench_cases order by n`));
}

/** The client whose access log is timed: the first bench case, which bulk events skip. */
function probeClient(row: BenchCase): ClientActor {
  return { kind: "client", clientId: row.client_id, sessionId: "bench", name: "Probe", givenName: "Probe", http: { requestId: "bench", clientIp: undefined } };
}

// ---------------------------------------------------------------------------------------------
// The audit trail: written through recordLooks, sealed with sealAuditTrail

interface LookTemplate {
  actor: StaffActor;
  /** The look as JSON text, split at the template case's ids: parts[0] id parts[1] id … */
  parts: string[];
  slots: (typeof idColumns)[number][];
  reads: number;
  bytes: number;
}

/**
 * What the case page records for `actor` (the route's services in one reader), without writing
 * it: the real look, as a template to move onto every bench case.
 */
async function lookTemplate(actor: StaffActor, row: BenchCase): Promise<LookTemplate> {
  const looks = await db().transaction(async (tx) => {
    const reader = new Reader(actor, tx);
    await getCaseView(reader, row.case_id);
    await getPlan(reader, row.case_id);
    await recentActivity(reader, row.case_id);
    await listRequestsForCase(reader, row.case_id);
    await ownCategories(reader);
    return reader.looks();
  });
  const look = looks.find((candidate) => candidate.clientId === row.client_id)!;
  const text = JSON.stringify(look);
  const byId = new Map(idColumns.map((column) => [row[column], column]));
  const pattern = new RegExp([...byId.keys()].join("|"), "g");
  const parts: string[] = [];
  const slots: LookTemplate["slots"] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    slots.push(byId.get(match[0])!);
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return { actor, parts, slots, reads: look.reads.length, bytes: JSON.stringify(look.reads).length };
}

function lookFor(template: LookTemplate, row: BenchCase): LookEvent {
  let text = template.parts[0]!;
  for (let i = 0; i < template.slots.length; i++) text += row[template.slots[i]!] + template.parts[i + 1]!;
  return JSON.parse(text) as LookEvent;
}

interface WriteRun {
  events: number;
  statements: number;
  seconds: number;
  perSecond: number;
}

/** The probe client's events: one look per statement, as the app writes them. */
async function writeProbeEvents(count: number, probe: ClientActor, templates: LookTemplate[], row: BenchCase): Promise<WriteRun> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length]!;
    await recordLooks(withRequest(template.actor, `bench-probe-${i}`), [lookFor(template, row)], handle.db);
  }
  return writeRun(count, count, started);
}

/**
 * `count` looks spread round-robin over the bench clients but the probe, `bulkBatch` per
 * statement (one actor each, alternating), through recordLooks, four writers at a time.
 */
async function writeBulkEvents(count: number, templates: LookTemplate[], rows: BenchCase[]): Promise<WriteRun> {
  if (count <= 0) return { events: 0, statements: 0, seconds: 0, perSecond: 0 };
  const others = rows.slice(1);
  const batch = Math.min(bulkBatch, others.length);
  const statements = Math.ceil(count / batch);
  const started = performance.now();
  let next = 0;
  let reported = 0;
  await Promise.all(
    Array.from({ length: handle.driver === "postgres" ? 4 : 1 }, async () => {
      for (let s = next++; s < statements; s = next++) {
        const size = Math.min(batch, count - s * batch);
        const first = bulkWritten + s * batch;
        const template = templates[s % templates.length]!;
        const looks = Array.from({ length: size }, (_, i) => lookFor(template, others[(first + i) % others.length]!));
        await recordLooks(withRequest(template.actor, `bench-bulk-${bulkWritten}-${s}`), looks, handle.db);
        const done = Math.min(count, (s + 1) * batch);
        if (count > 100_000 && done - reported >= 100_000) {
          reported = done;
          log(`  ~${done} / ${count}`);
        }
      }
    }),
  );
  bulkWritten += count;
  return writeRun(count, statements, started);
}

function writeRun(events: number, statements: number, started: number): WriteRun {
  const seconds = (performance.now() - started) / 1000;
  return { events, statements, seconds: round(seconds), perSecond: Math.round(events / seconds) };
}

/** Seals everything written so far, as the sealing job does, and times it. */
async function seal() {
  const started = performance.now();
  const run = await sealAuditTrail(handle, { budgetMs: 24 * 3_600_000 });
  const seconds = (performance.now() - started) / 1000;
  if (run.stoppedBy !== "caught_up") throw new Error(`sealing stopped early: ${run.stoppedBy}`);
  log(`sealed ${run.events} events in ${run.seals.length} seals in ${seconds.toFixed(1)} s`);
  return { events: run.events, seals: run.seals.length, seconds: round(seconds), eventsPerSecond: Math.round(run.events / seconds), stoppedBy: run.stoppedBy };
}

/** Verifies every seal and sealed event with the public key, as `npm run audit:verify` does. */
async function verify() {
  const started = performance.now();
  const report = await verifyAuditTrail(handle, { trustedKeys: auditVerifyKeys(env.auditVerifyKeys) });
  const seconds = (performance.now() - started) / 1000;
  log(`verified ${report.events} sealed events in ${seconds.toFixed(1)} s: ${report.ok ? "intact" : `${report.findings.length} findings`}`);
  return { ok: report.ok, seals: report.seals, events: report.events, unsealed: report.unsealed.count, findings: report.findings.slice(0, 5).map((f) => f.message), seconds: round(seconds) };
}

async function writers(count: number, caseFor: (writer: number) => BenchCase, template: LookTemplate): Promise<number> {
  const deadline = performance.now() + volume.seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, writer) => {
      const look = lookFor(template, caseFor(writer));
      while (performance.now() < deadline) {
        await handle.db.transaction((tx) => recordLooks(withRequest(template.actor, `bench-writer-${writer}-${done}`), [look], tx));
        done++;
      }
    }),
  );
  return Math.round(done / volume.seconds);
}

// ---------------------------------------------------------------------------------------------
// The HTTP part: the real server, autocannon, pg_stat_activity

interface LoadRun {
  scenario: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  non2xx: number;
  errors: number;
  /**
   * CPU milliseconds per request (Linux /proc, 10 ms ticks): the server process, the bench
   * database's backends, and this process (autocannon) — robust to a busy machine where req/s is not.
   */
  cpuMsPerRequest: { server: number; database: number; loadGenerator: number } | null;
  /** The machine's 1-minute load average before and after the run (2 = both cores busy). */
  loadAverage: [number, number];
  locks: LockSummary;
}

interface LockSummary {
  samples: number;
  /** Backends of the bench database waiting on a heavyweight lock (wait_event_type 'Lock'), advisory ones included. */
  lockWaitsMax: number;
  lockWaitsMean: number;
  advisoryWaitsMax: number;
  advisoryWaitsMean: number;
  /** Backends running a statement (state 'active'), max and mean. */
  activeMax: number;
  activeMean: number;
  /** What active backends were waiting on, summed over the samples ("CPU" when not waiting). */
  waitEvents: Record<string, number>;
  /** The statements seen waiting on a lock (first 100 characters), with how many samples saw them. */
  lockedStatements: Record<string, number>;
}

interface HttpResults {
  server: { url: string; nodeEnv: string; log: string; build: string };
  connections: number;
  seconds: number;
  warmupSeconds: number;
  rounds: { home: LoadRun; oneClient: LoadRun; tenClients: LoadRun; oneVsTen: number; casePerHome: number }[];
  casePage: CasePageProfile;
}

async function httpPart(url: string, lead: StaffActor, rows: BenchCase[]): Promise<HttpResults> {
  const build = ensureBuild();
  const officers = await benchOfficers(lead);
  const port = await freePort();
  const eidPort = await freePort();
  const serverLog = path.join("bench-results", `server-${stamp}.log`);
  mkdirSync("bench-results", { recursive: true });
  const out = openSync(serverLog, "w");
  // Served as in production (React's production build, explicit keys, an e-ID broker address that
  // the load never reaches): the keys are this process's, so both read the same ciphertexts.
  const production = {
    NODE_ENV: "production",
    SAMSYN_ENCRYPTION_KEYS: [...env.encryptionKeys].map(([id, key]) => `${id}:${key.toString("base64")}`).join(","),
    SAMSYN_HMAC_KEY: env.hmacKey.toString("base64"),
    SAMSYN_AUDIT_SIGNING_KEY: env.auditSigningKey.toString("base64"),
    OIDC_ISSUER: `http://127.0.0.1:${eidPort}`,
    OIDC_CLIENT_ID: "bench",
    OIDC_CLIENT_SECRET: "bench",
  };
  log(`starting the server on port ${port} (NODE_ENV=production, log ${serverLog})`);
  // `--cpu-prof`: V8 writes the server's CPU profile to bench-results/ when it stops (open it in
  // Chrome's DevTools, or sum it with scripts/profile-summary.ts).
  const profile = flags.has("cpu-prof") ? ["--cpu-prof", "--cpu-prof-dir", "bench-results"] : [];
  server = spawn(process.execPath, [...profile, "--import", "tsx", "server.ts"], {
    env: { ...process.env, ...production, PORT: String(port), DATABASE_URL: url, SAMSYN_DATA_DIR: env.dataDir } as NodeJS.ProcessEnv,
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, serverLog);

  // Sessions made just before the load, each officer's cookie on one connection.
  const cookies: string[] = [];
  // The production server reads the `__Host-` prefixed cookie (sessionCookieOptions); the profile
  // below runs the loader in this (development) process, which reads the plain one.
  const productionName = sessionCookieOptions("staff", true).name;
  const plainCookies: string[] = [];
  for (const officer of officers) {
    const pair = (await createStaffSession(officer, { mfaVerified: true })).cookie.split(";")[0]!;
    plainCookies.push(pair);
    cookies.push(`${productionName}=${pair.slice(pair.indexOf("=") + 1)}`);
  }
  const one = rows[1]!.case_id;
  const ten = rows.slice(2, 2 + connections).map((row) => row.case_id);
  const casePage = await profileCasePage(plainCookies[0]!, one);

  const sampler = lockSampler(url);
  const rounds: HttpResults["rounds"] = [];
  try {
    for (let round = 1; round <= volume.httpRounds; round++) {
      log(`load round ${round}/${volume.httpRounds}: ${connections} connections, ${warmupSeconds} s warm-up + ${volume.seconds} s each`);
      const home = await loadRun("home page /", base, cookies.map((cookie) => ({ path: "/", cookie })), sampler);
      const oneClient = await loadRun("ten officers, one client's case page", base, cookies.map((cookie) => ({ path: `/cases/${one}`, cookie })), sampler);
      const tenClients = await loadRun("ten officers, ten clients' case pages", base, cookies.map((cookie, i) => ({ path: `/cases/${ten[i % ten.length]}`, cookie })), sampler);
      rounds.push({
        home,
        oneClient,
        tenClients,
        oneVsTen: ratio(oneClient.requestsPerSecond, tenClients.requestsPerSecond),
        casePerHome: ratio(Math.min(oneClient.requestsPerSecond, tenClients.requestsPerSecond), home.requestsPerSecond),
      });
    }
  } finally {
    await sampler.close();
    await stopServer();
  }
  return { server: { url: base, nodeEnv: "production", log: serverLog, build }, connections, seconds: volume.seconds, warmupSeconds, rounds, casePage };
}

/**
 * Builds the app when build/ is missing or older than the sources; `--rebuild` always builds,
 * `--no-build` never does (the build folder is shared with whoever else serves from this tree).
 */
function ensureBuild(): string {
  const built = "build/server/index.js";
  if (flags.has("no-build")) {
    if (!existsSync(built)) throw new Error("--no-build, but there is no build/: run `npx remix vite:build` first");
    return `existing build of ${statSync(built).mtime.toISOString()} (--no-build)`;
  }
  const newest = Math.max(...["app", "vite.config.ts", "remix.config.js", "package.json"].map(newestMtime));
  const stale = !existsSync(built) || statSync(built).mtimeMs < newest;
  if (!stale && !flags.has("rebuild")) return `existing build of ${statSync(built).mtime.toISOString()}`;
  log("building the app (npx remix vite:build)");
  const result = spawnSync("npx", ["remix", "vite:build"], { encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
  return `built by the bench at ${new Date().toISOString()}`;
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

/** Ten case officers in the lead unit of the bench cases (as db/seed.ts inserts staff). */
async function benchOfficers(lead: StaffActor): Promise<string[]> {
  const officers = Array.from({ length: connections }, (_, i) => ({
    id: `bench-officer-${i + 1}`,
    organizationId: lead.organizationId,
    unitId: lead.unitId,
    email: `bench.officer${i + 1}@berg.samsyn.example`,
    name: `Bench Officer ${i + 1}`,
    title: "Socialsekreterare",
    role: "case_officer" as const,
  }));
  await handle.db.insert(users).values(officers);
  return officers.map((officer) => officer.id);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, serverLog: string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) break;
    const ok = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tail = existsSync(serverLog) ? readFileSync(serverLog, "utf8").split("\n").slice(-20).join("\n") : "";
  throw new Error(`the server did not answer /healthz:\n${tail}`);
}

async function stopServer() {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** One autocannon run after a warm-up: each connection sends one officer's cookie to its own path. */
async function loadRun(scenario: string, base: string, targets: { path: string; cookie: string }[], sampler: ReturnType<typeof lockSampler>): Promise<LoadRun> {
  await cannon(base, targets, warmupSeconds);
  const loadBefore = loadavg()[0]!;
  const before = await cpuNow(sampler);
  sampler.start();
  const { result, latencies } = await cannon(base, targets, volume.seconds);
  const locks = sampler.stop();
  const after = await cpuNow(sampler);
  const latency = stats(latencies);
  const per = (ms: number) => round(ms / Math.max(1, result.requests.total));
  const run: LoadRun = {
    scenario,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / result.duration),
    p50: latency.p50,
    p95: latency.p95,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest:
      before.server === null || after.server === null
        ? null
        : { server: per(after.server - before.server), database: per(databaseCpuDelta(before.database, after.database)), loadGenerator: per(after.self - before.self) },
    loadAverage: [round(loadBefore), round(loadavg()[0]!)],
    locks,
  };
  const cpu = run.cpuMsPerRequest ? `, CPU/request: server ${run.cpuMsPerRequest.server} ms, database ${run.cpuMsPerRequest.database} ms` : "";
  log(`  ${scenario}: ${run.requestsPerSecond} req/s, p50 ${run.p50} ms, p95 ${run.p95} ms, non-2xx ${run.non2xx}, lock waits max ${locks.lockWaitsMax}${cpu}, load ${run.loadAverage.join("→")}`);
  return run;
}

/** CPU milliseconds (user + system) a process has used so far, from /proc; null where there is no /proc. */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (proc(5)), in 100 Hz ticks.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function cpuNow(sampler: ReturnType<typeof lockSampler>) {
  const database = new Map<number, number>();
  for (const pid of await sampler.backendPids()) database.set(pid, processCpuMs(pid) ?? 0);
  const self = process.cpuUsage();
  return { server: processCpuMs(server?.pid), database, self: (self.user + self.system) / 1000 };
}

/** CPU the backends used between two readings (a backend opened meanwhile counts in full). */
function databaseCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

function cannon(base: string, targets: { path: string; cookie: string }[], seconds: number): Promise<{ result: autocannon.Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let next = 0;
    const instance = autocannon(
      {
        url: base,
        connections: targets.length,
        duration: seconds,
        timeout: 30,
        setupClient: (client) => {
          const target = targets[next++ % targets.length]!;
          client.setRequests([{ method: "GET", path: target.path, headers: { cookie: target.cookie } }]);
        },
      },
      (error, result) => (error ? reject(error) : resolve({ result, latencies })),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** Samples pg_stat_activity of the bench database every 100 ms from a connection of its own. */
function lockSampler(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  type Row = { wait_event_type: string | null; wait_event: string | null; state: string | null; query: string };
  let samples: Row[][] = [];
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      samples.push(
        (await client`select wait_event_type, wait_event, state, left(regexp_replace(query, '\s+', ' ', 'g'), 100) as query
          from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`) as unknown as Row[],
      );
    } finally {
      busy = false;
    }
  };
  return {
    start() {
      samples = [];
      timer = setInterval(() => void sample(), 100);
    },
    stop(): LockSummary {
      clearInterval(timer);
      const locked = samples.map((rows) => rows.filter((row) => row.wait_event_type === "Lock"));
      const advisory = locked.map((rows) => rows.filter((row) => row.wait_event === "advisory"));
      const active = samples.map((rows) => rows.filter((row) => row.state === "active"));
      const waitEvents: Record<string, number> = {};
      for (const row of active.flat()) {
        const key = row.wait_event_type ? `${row.wait_event_type}:${row.wait_event}` : "CPU";
        waitEvents[key] = (waitEvents[key] ?? 0) + 1;
      }
      const lockedStatements: Record<string, number> = {};
      for (const row of locked.flat()) lockedStatements[row.query] = (lockedStatements[row.query] ?? 0) + 1;
      const max = (counts: number[]) => Math.max(0, ...counts);
      const mean = (counts: number[]) => round(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length));
      return {
        samples: samples.length,
        lockWaitsMax: max(locked.map((rows) => rows.length)),
        lockWaitsMean: mean(locked.map((rows) => rows.length)),
        advisoryWaitsMax: max(advisory.map((rows) => rows.length)),
        advisoryWaitsMean: mean(advisory.map((rows) => rows.length)),
        activeMax: max(active.map((rows) => rows.length)),
        activeMean: mean(active.map((rows) => rows.length)),
        waitEvents,
        lockedStatements,
      };
    },
    /** The bench database's client backends but this one (the server's pool and its job queue). */
    backendPids: async () =>
      ((await client`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`) as unknown as { pid: number }[]).map((row) => row.pid),
    close: () => client.end({ timeout: 5 }),
  };
}

interface CasePageProfile {
  /** Statements (round trips) the root loader's part sends for a signed-in officer: session, viewer, unread notices. */
  rootStatements: number;
  /** Statements the case route's loader sends, its transaction's begin and commit included. */
  loaderStatements: number;
  /** The loader's statements by their first 90 characters, most frequent first. */
  byStatement: { statement: string; count: number }[];
  /** Milliseconds for the loader alone, in this process (no HTTP, no rendering), p50 of 20. */
  loaderMs: number;
}

/**
 * The statements one case page sends, counted in this process on a connection that logs them:
 * the root loader's database work (as app/root.tsx does it) and the case route's own loader.
 */
async function profileCasePage(cookie: string, caseId: string): Promise<CasePageProfile> {
  const statements: string[] = [];
  const client = postgres(benchUrl!, { max: 1, onnotice: () => {}, debug: (_connection, query) => statements.push(query) });
  const counting: DatabaseHandle = {
    db: drizzle(client, { schema, casing: "snake_case" }) as unknown as Database,
    driver: "postgres",
    rows: async (query) => (await counting.db.execute(query)) as never,
    query: () => Promise.reject(new Error("not used by the profile")),
    migrate: async () => {},
    close: () => client.end({ timeout: 5 }),
  };
  const { loader } = (await import("../app/routes/cases.$caseId._index")) as { loader: (args: LoaderFunctionArgs) => Promise<unknown> };
  const page = () => {
    const request = new Request(`http://bench/cases/${caseId}`, { headers: { cookie, "x-samsyn-request-id": `bench-profile-${randomBytes(4).toString("hex")}`, "x-samsyn-client-ip": "127.0.0.1" } });
    return { request, args: { request, params: { caseId }, context: { nonce: "", requestId: "bench-profile", clientIp: "127.0.0.1" } } as LoaderFunctionArgs };
  };
  useDatabase(counting);
  try {
    for (let i = 0; i < 3; i++) await loader(page().args);
    const { request, args } = page();
    statements.length = 0;
    const viewer = await viewerOf(request);
    if (viewer?.unitId) await countUnreadNotices({ unitId: viewer.unitId });
    const rootStatements = statements.length;
    statements.length = 0;
    await loader(args);
    const counts = new Map<string, number>();
    for (const statement of statements) {
      const key = statement.replace(/\s+/g, " ").trim().slice(0, 90);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const loaderStatements = statements.length;
    const times = await timeMany(20, () => loader(page().args));
    return {
      rootStatements,
      loaderStatements,
      byStatement: [...counts].map(([statement, count]) => ({ statement, count })).sort((a, b) => b.count - a.count),
      loaderMs: stats(times).p50,
    };
  } finally {
    useDatabase(handle);
    await counting.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring and reporting

/** Times each of `works` `times` times, one of each in turn, the order rotating every turn; after a warm-up. */
async function timeInterleaved(times: number, works: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (let i = 0; i < 10; i++) for (const work of works) await work();
  const samples = works.map(() => [] as number[]);
  for (let i = 0; i < Math.max(1, Math.round(times)); i++) {
    for (let k = 0; k < works.length; k++) {
      const which = (i + k) % works.length;
      const started = performance.now();
      await works[which]!();
      samples[which]!.push(performance.now() - started);
    }
  }
  return samples;
}

async function timeMany(times: number, work: () => Promise<unknown>): Promise<number[]> {
  // Warm up first (JIT, plan and buffer caches), so that earlier phases are not penalised.
  for (let i = 0; i < 10; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, Math.round(times)); i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95) };
}

interface Results {
  database: string;
  auditWrites: {
    runs: WriteRun[];
    sealing: { at10k: Awaited<ReturnType<typeof seal>>; atFull: Awaited<ReturnType<typeof seal>> };
    verify: Awaited<ReturnType<typeof verify>>;
    differences: string[];
  };
  accessLog: { at10k: ReturnType<typeof stats>; atFull: ReturnType<typeof stats>; growthP95: number };
  caseView: { audited: ReturnType<typeof stats>; unaudited: ReturnType<typeof stats>; auditedAsyncCommit: ReturnType<typeof stats>; ratio: { p50: number; p95: number } };
  writers: { distinctClientsPerSecond: number; sameClientPerSecond: number };
  http: HttpResults | { skipped: string };
}

function printResults(results: Results) {
  const rows: string[][] = [];
  const add = (label: string, a = "", b = "", goal = "") => rows.push([label, a, b, goal]);
  const { auditWrites: writes, accessLog, caseView } = results;
  const written = writes.runs.reduce((sum, run) => sum + run.events, 0);
  const writeSeconds = writes.runs.reduce((sum, run) => sum + run.seconds, 0);
  add(`audit events written (recordLooks)`, `${written}`, `${Math.round(written / writeSeconds)}/s`);
  add(`  sealed (sealAuditTrail)`, `${writes.sealing.at10k.events + writes.sealing.atFull.events}`, `${writes.sealing.atFull.eventsPerSecond || writes.sealing.at10k.eventsPerSecond}/s`);
  add(`  verified with the public key`, `${writes.verify.events}`, `${writes.verify.seconds} s`, writes.verify.ok ? "intact" : "BROKEN");
  add(`access log at ${smallEvents} events`, `${accessLog.at10k.p50} ms`, `${accessLog.at10k.p95} ms`);
  add(`access log at ${volume.events} events`, `${accessLog.atFull.p50} ms`, `${accessLog.atFull.p95} ms`);
  add(`  p95 growth (goal ≤ ${goals.logGrowth}×)`, "", `${accessLog.growthP95}×`, verdict(accessLog.growthP95 <= goals.logGrowth));
  add("case view, audited", `${caseView.audited.p50} ms`, `${caseView.audited.p95} ms`);
  add("case view, no audit row written", `${caseView.unaudited.p50} ms`, `${caseView.unaudited.p95} ms`);
  add("  diagnostic: audited, commit not waiting for WAL flush", `${caseView.auditedAsyncCommit.p50} ms`, `${caseView.auditedAsyncCommit.p95} ms`);
  add(`  ratio audited / no audit row (goal ≤ ${goals.auditRatio}× at p50 and p95)`, `${caseView.ratio.p50}×`, `${caseView.ratio.p95}×`, verdict(caseView.ratio.p50 <= goals.auditRatio && caseView.ratio.p95 <= goals.auditRatio));
  add("8 audit writers, distinct clients", `${results.writers.distinctClientsPerSecond}/s`);
  add("8 audit writers, one client", `${results.writers.sameClientPerSecond}/s`);
  const http = results.http;
  if ("skipped" in http) add(`HTTP part skipped: ${http.skipped}`);
  else {
    for (const [index, round] of http.rounds.entries()) {
      const tag = http.rounds.length > 1 ? ` [round ${index + 1}]` : "";
      for (const run of [round.home, round.oneClient, round.tenClients]) {
        const judged = run !== round.home;
        add(`${run.scenario}${tag}`, `${run.p50} ms`, `${run.p95} ms`, `${run.requestsPerSecond}/s`);
        add(`  non-2xx / errors (must be 0)`, `${run.non2xx}`, `${run.errors}`, verdict(run.non2xx === 0 && run.errors === 0));
        add(`  backends waiting on a lock, max / mean${judged ? " (goal 0)" : ""}`, `${run.locks.lockWaitsMax}`, `${run.locks.lockWaitsMean}`, judged ? verdict(run.locks.lockWaitsMax === 0) : "");
        add(`  of which advisory locks, max / mean`, `${run.locks.advisoryWaitsMax}`, `${run.locks.advisoryWaitsMean}`);
        if (run.cpuMsPerRequest) add(`  CPU ms per request: server / database`, `${run.cpuMsPerRequest.server}`, `${run.cpuMsPerRequest.database}`);
        add(`  machine load average before / after (2 cores)`, `${run.loadAverage[0]}`, `${run.loadAverage[1]}`);
      }
      add(`  one client / ten clients (goal within ±${goals.oneClientWithin * 100} %)`, `${round.oneVsTen}×`, "", verdict(Math.abs(round.oneVsTen - 1) <= goals.oneClientWithin));
      add(`  case page / home page (goal ≥ ${goals.casePerHome})`, `${round.casePerHome}×`, "", verdict(round.casePerHome >= goals.casePerHome));
    }
    add(`case page statements: root loader / case loader`, `${http.casePage.rootStatements}`, `${http.casePage.loaderStatements}`, `${http.casePage.loaderMs} ms`);
  }
  const widths = [58, 12, 12, 12];
  console.log(`\nSamsyn one-door benchmark (${results.database}; ${volume.cases} cases, ${volume.events} events)\n`);
  console.log(["measurement".padEnd(widths[0]!), "p50".padStart(widths[1]!), "p95".padStart(widths[2]!), "goal/rate".padStart(widths[3]!)].join(""));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i]!))).join(""));
  console.log(`\nThe unaudited baseline runs the same reader work in a transaction and writes no audit row at all.`);
  console.log(`The bench writes its audit events through recordLooks and seals them; it differs from the app in:`);
  for (const difference of writes.differences) console.log(`  - ${difference}`);
  if (!("skipped" in http)) {
    console.log(`\nThe case page's loader sends ${http.casePage.loaderStatements} statements (${http.casePage.rootStatements} more for the root loader):`);
    for (const { statement, count } of http.casePage.byStatement) console.log(`  ${String(count).padStart(3)} × ${statement}`);
  }
  console.log("");
}
