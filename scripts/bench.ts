import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { syncCatalogue } from "../db/catalogue";
import { syncActivityTypes } from "../db/activity-types";
import { organizations, users } from "../db/schema";
import { seedDemoWorld } from "../db/seed";
import type { ClientActor, StaffActor } from "../app/access/actor";
import { openDatabase, useDatabase, type DatabaseHandle } from "../app/lib/db.server";
import { encrypt } from "../app/lib/crypto.server";
import { getEnv } from "../app/lib/env.server";
import { accessLogPage } from "../app/services/access-log.server";
import { recordAudit } from "../app/access/audit/record.server";
import { getCaseView } from "../app/services/cases.server";

/**
 * `npm run bench [-- --cases N --events N --reads N --seconds N]`: the audit trail's cost, measured
 * in one run on a fresh database on the configured server (a new PostgreSQL database next to
 * DATABASE_URL's, or a new PGlite folder), dropped afterwards unless BENCH_KEEP=1.
 *   1. an audited case-view read against the same read with the audit insert skipped (p50/p95);
 *   2. audit writes per second with 8 concurrent writers (distinct clients, and one client);
 *   3. /me/access-log p95 for one client at 10 000 events in the table and at the full volume.
 * Prints a table and writes JSON to bench-results/.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const volume = {
  cases: Number(args.get("cases") ?? 10_000),
  events: Number(args.get("events") ?? 1_000_000),
  reads: Number(args.get("reads") ?? 300),
  seconds: Number(args.get("seconds") ?? 10),
};
const smallEvents = Math.min(10_000, volume.events);
const probeEvents = 200;
/** Bulk events written so far (their position in time and in their chains). */
let seeded = 0;

const env = getEnv();
const stamp = new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14);
const name = `samsyn_bench_${stamp}_${randomBytes(2).toString("hex")}`;
let handle: DatabaseHandle;
let dropTarget: () => Promise<void>;
if (env.databaseUrl) {
  const admin = openDatabase({ url: env.databaseUrl });
  await admin.rows(sql.raw(`create database ${name}`));
  const url = new URL(env.databaseUrl);
  url.pathname = `/${name}`;
  handle = openDatabase({ url: url.toString() });
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
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

try {
  log(`${handle.driver}: ${volume.cases} cases, ${volume.events} audit events, ${volume.reads} reads per mode`);
  await handle.migrate();
  await syncCatalogue(handle.db);
  await syncActivityTypes(handle.db);
  await seedDemoWorld(handle.db);
  const sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  const erik = await staffActor("erik.holm@af.samsyn.example");

  log("seeding clients, cases, consents and entries");
  await seedCases(sara, erik);
  const probe = await probeClient();
  await handle.rows(sql`analyze`);

  log(`seeding ${smallEvents} audit events`);
  await seedAuditEvents(probeEvents, probe.clientId);
  await seedAuditEvents(smallEvents - probeEvents, null);
  await handle.rows(sql`analyze`);
  const logSmall = await timeMany(volume.reads, () => accessLogPage(probe, {}, 0));

  log(`seeding up to ${volume.events} audit events`);
  await seedAuditEvents(volume.events - smallEvents, null);
  await handle.rows(sql`analyze`);
  const logLarge = await timeMany(volume.reads, () => accessLogPage(probe, {}, 0));

  log("case-view reads, audited and with the audit insert skipped");
  const caseIds = (await handle.rows<{ id: string }>(sql`select id from cases where client_id <> ${probe.clientId} order by random() limit 500`)).map((row) => row.id);
  const pick = () => caseIds[Math.floor(Math.random() * caseIds.length)]!;
  await handle.rows(sql`create function bench_skip_audit() returns trigger language plpgsql as $$ begin return null; end $$`);
  // Triggers fire in name order: this one drops the row before the chain trigger sees it.
  await handle.rows(sql`create trigger aa_bench_skip_audit before insert on audit_events for each row execute function bench_skip_audit()`);
  const audited: number[] = [];
  const skipped: number[] = [];
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    await handle.rows(sql`alter table audit_events disable trigger aa_bench_skip_audit`);
    audited.push(...(await timeMany(volume.reads / rounds, () => getCaseView(erik, pick()))));
    await handle.rows(sql`alter table audit_events enable trigger aa_bench_skip_audit`);
    skipped.push(...(await timeMany(volume.reads / rounds, () => getCaseView(erik, pick()))));
  }
  await handle.rows(sql`drop trigger aa_bench_skip_audit on audit_events`);

  log(`8 concurrent writers for ${volume.seconds} s, distinct clients, then one client`);
  const clientIds = (await handle.rows<{ id: string }>(sql`select client_id as id from bench_cases order by random() limit 8`)).map((row) => row.id);
  const distinct = await writers(8, (writer) => clientIds[writer]!, sara);
  const sameClient = await writers(8, () => clientIds[0]!, sara);

  const results = {
    driver: handle.driver,
    volume,
    caseView: { audited: stats(audited), withoutAudit: stats(skipped) },
    caseViewRatio: { p50: ratio(stats(audited).p50, stats(skipped).p50), p95: ratio(stats(audited).p95, stats(skipped).p95), goal: 1.3 },
    writers: { distinctClientsPerSecond: distinct, sameClientPerSecond: sameClient },
    accessLog: { at10k: stats(logSmall), atFull: stats(logLarge), growthP95: ratio(stats(logLarge).p95, stats(logSmall).p95), goal: 1.3 },
    measuredAt: new Date().toISOString(),
  };
  printTable(results);
  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", `bench-${stamp}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  log(`results written to ${file}`);
} finally {
  useDatabase(undefined);
  await handle.close();
  if (process.env.BENCH_KEEP !== "1") await dropTarget();
}

async function staffActor(email: string): Promise<StaffActor> {
  const [row] = await handle.db
    .select({ user: users, kind: organizations.kind })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.email, email));
  const { user, kind } = row!;
  return { kind: "staff", userId: user.id, sessionId: "bench", name: user.name, title: user.title, email, role: user.role, organizationId: user.organizationId, organizationKind: kind, unitId: user.unitId, http: { requestId: "bench", clientIp: "127.0.0.1" } };
}

/** Cases led by Sara's unit, each with a consent that lets AF and the municipality share a little, and two entries. */
async function seedCases(lead: StaffActor, af: StaffActor) {
  const n = volume.cases;
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    // One real ciphertext for all: the case view decrypts it like any other.
    await tx.execute(sql`insert into clients (personnummer_encrypted, personnummer_hmac, given_name, family_name)
      select ${encrypt("199001019806")}, md5('bench-client-' || i) || md5('x' || i), 'Benchperson', 'Nummer ' || i from generate_series(1, ${n}) i`);
    await tx.execute(sql`insert into cases (client_id, lead_organization_id, lead_unit_id, opened_by)
      select id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, ${lead.userId} from clients where given_name = 'Benchperson'`);
    const benchCases = sql`(select k.id, k.client_id from cases k join clients c on c.id = k.client_id where c.given_name = 'Benchperson')`;
    await tx.execute(sql`insert into case_participants (case_id, organization_id, unit_id, added_by)
      select id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, ${lead.userId} from ${benchCases} k
      union all select id, ${af.organizationId}::uuid, ${af.unitId}::uuid, ${lead.userId} from ${benchCases} k`);
    await tx.execute(sql`insert into consents (id, lineage_id, version, case_id, client_id, purpose, method, given_at, valid_from, valid_until, recorded_by)
      select k.id, k.id, 1, k.id, k.client_id, 'Benchmark', 'recorded_paper', now(), now() - interval '1 day', now() + interval '180 days', ${lead.userId} from ${benchCases} k`);
    for (const [discloser, recipient, category] of [
      [af.organizationId, lead.organizationId, "af.days_used_job"],
      [af.organizationId, lead.organizationId, "af.planning_meeting"],
      [lead.organizationId, af.organizationId, "municipality.income_support"],
    ]) {
      await tx.execute(sql`insert into consent_grants (consent_id, discloser_organization_id, recipient_organization_id, category_code)
        select k.id, ${discloser}::uuid, ${recipient}::uuid, ${category} from ${benchCases} k`);
    }
    await tx.execute(sql`insert into case_entries (case_id, client_id, organization_id, unit_id, category_code, text, recorded_by)
      select id, client_id, ${af.organizationId}::uuid, ${af.unitId}::uuid, 'af.planning_meeting', 'Planeringssamtal 3 december', ${af.userId} from ${benchCases} k
      union all select id, client_id, ${lead.organizationId}::uuid, ${lead.unitId}::uuid, 'municipality.income_support', 'Beviljat för november', ${lead.userId} from ${benchCases} k`);
  });
}

/** The client whose access log is timed: the first bench case (n = 1), which bulk events skip. */
async function probeClient(): Promise<ClientActor> {
  const [row] = await handle.rows<{ id: string }>(sql`select k.client_id as id from cases k join clients c on c.id = k.client_id where c.given_name = 'Benchperson' order by k.id limit 1`);
  return { kind: "client", clientId: row!.id, sessionId: "bench", name: "Probe", givenName: "Probe", http: { requestId: "bench", clientIp: undefined } };
}

/**
 * Bulk events spread over the bench clients (or all on the probe client), with chain columns
 * filled in one pass so that the indexes have their real size; the chain trigger is bypassed.
 */
async function seedAuditEvents(count: number, onlyClientId: string | null) {
  await handle.rows(sql`create table if not exists bench_cases as
    select row_number() over (order by k.id) as n, k.id as case_id, k.client_id from cases k join clients c on c.id = k.client_id
    where c.given_name = 'Benchperson'`);
  const [{ total }] = (await handle.rows<{ total: number }>(sql`select count(*)::int as total from bench_cases`)) as [{ total: number }];
  const batch = 100_000;
  for (let done = 0; done < count; done += batch) {
    const size = Math.min(batch, count - done);
    const target = onlyClientId ? sql`b.client_id = ${onlyClientId}` : sql`b.n = (i % ${total - 1}) + 2`;
    // Every three consecutive events share a request id, as the gate passes of one page view do
    // (the client's log shows each such group as one line, ADR 0012).
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`insert into audit_events (occurred_at, actor_type, actor_user_id, organization_id, unit_id, role, action, outcome, client_id, case_id, resource_type, resource_id, basis, request_id, chain_key, chain_seq, prev_hash, hash)
        select now() - ((${seeded} + i) || ' seconds')::interval, 'staff', u.id, u.organization_id, u.unit_id, 'case_officer', 'case.view', 'allowed',
          b.client_id, b.case_id, 'case', b.case_id::text, 'consent:' || b.case_id, 'bench-' || ((${seeded} + i) / 3),
          'client:' || b.client_id, ${seeded} + i, repeat('0', 64), md5((${seeded} + i)::text) || md5('h' || (${seeded} + i))
        from generate_series(1, ${size}) i
        join bench_cases b on ${target}
        cross join (select id, organization_id, unit_id from users where id = 'demo-erik') u`);
    });
    seeded += size;
    if (count > batch) log(`  ${Math.min(done + size, count)} / ${count}`);
  }
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

async function writers(count: number, clientFor: (writer: number) => string, actor: StaffActor): Promise<number> {
  const deadline = performance.now() + volume.seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: count }, async (_, writer) => {
      while (performance.now() < deadline) {
        await handle.db.transaction((tx) => recordAudit(actor, actor.http, { action: "bench.write", outcome: "success", clientId: clientFor(writer) }, tx));
        done++;
      }
    }),
  );
  return Math.round(done / volume.seconds);
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2));
  return { n: sorted.length, p50: at(0.5), p95: at(0.95) };
}

function ratio(a: number, b: number) {
  return Number((a / b).toFixed(2));
}

function printTable(results: {
  driver: string;
  caseView: { audited: ReturnType<typeof stats>; withoutAudit: ReturnType<typeof stats> };
  caseViewRatio: { p50: number; p95: number; goal: number };
  writers: { distinctClientsPerSecond: number; sameClientPerSecond: number };
  accessLog: { at10k: ReturnType<typeof stats>; atFull: ReturnType<typeof stats>; growthP95: number; goal: number };
}) {
  const rows = [
    ["case view, audited", `${results.caseView.audited.p50} ms`, `${results.caseView.audited.p95} ms`, ""],
    ["case view, audit insert skipped", `${results.caseView.withoutAudit.p50} ms`, `${results.caseView.withoutAudit.p95} ms`, ""],
    ["  ratio (goal ≤ 1.3)", `${results.caseViewRatio.p50}×`, `${results.caseViewRatio.p95}×`, results.caseViewRatio.p95 <= 1.3 ? "met" : "NOT met"],
    ["8 writers, distinct clients", `${results.writers.distinctClientsPerSecond}/s`, "", ""],
    ["8 writers, one client", `${results.writers.sameClientPerSecond}/s`, "", ""],
    [`access log at ${smallEvents} events`, `${results.accessLog.at10k.p50} ms`, `${results.accessLog.at10k.p95} ms`, ""],
    [`access log at ${volume.events} events`, `${results.accessLog.atFull.p50} ms`, `${results.accessLog.atFull.p95} ms`, ""],
    ["  p95 growth (goal ≤ 1.3×)", "", `${results.accessLog.growthP95}×`, results.accessLog.growthP95 <= 1.3 ? "met" : "NOT met"],
  ];
  console.log(`\nSamsyn audit benchmark (${results.driver})\n`);
  console.log(["measurement".padEnd(36), "p50".padStart(12), "p95".padStart(12), "goal".padStart(8)].join(""));
  for (const [label, p50, p95, goal] of rows) console.log([label!.padEnd(36), p50!.padStart(12), p95!.padStart(12), goal!.padStart(8)].join(""));
  console.log("");
}
