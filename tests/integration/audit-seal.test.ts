import { generateKeyPairSync, randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalSeal, eventDigest, genesisRoot, sealRoot } from "~/access/audit/digest";
import { auditSignerFor, auditVerifyKeys, type AuditSigner } from "~/access/audit/keys.server";
import { readEventTexts } from "~/access/audit/read.server";
import { recordAudit } from "~/access/audit/record.server";
import { sealAuditTrail, type SealOptions, type SealSummary } from "~/access/audit/seal.server";
import { verifyAuditTrail, type VerifyOptions } from "~/access/audit/verify.server";
import { startJobs } from "~/jobs.server";
import { openDatabase, type DatabaseHandle } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { useTestDatabase } from "../support/database";

/**
 * Sealing and verification (ADR 0014), and every tamper an insider with superuser rights could try
 * — each must be named by `verifyAuditTrail` exactly. Every test starts from the same trail:
 * events 1–12, written by the app's own writer, in seals 1 (1–4), 2 (5–8) and 3 (9–12).
 */
const database = useTestDatabase();
const onPostgres = Boolean(process.env.DATABASE_URL);

function newKey() {
  const pair = generateKeyPairSync("ed25519");
  return { signer: auditSignerFor(pair.privateKey.export({ format: "der", type: "pkcs8" })), spki: pair.publicKey.export({ format: "der", type: "spki" }) };
}
const ours = newKey();
const trustedKeys = auditVerifyKeys([ours.spki]);

const seal = (options: SealOptions = {}) => sealAuditTrail(database.current(), { signer: ours.signer, batchSize: 4, ...options });
const verify = (options: Partial<VerifyOptions> = {}, handle = database.current()) => verifyAuditTrail(handle, { trustedKeys, ...options });
const findings = async (options: Partial<VerifyOptions> = {}, handle?: DatabaseHandle) => (await verify(options, handle)).findings;
const rows = <T,>(query: SQL) => database.current().rows<T>(query);

/** As an insider with superuser rights would: the append-only triggers off for one transaction. */
async function asSuperuser(...statements: SQL[]) {
  await database.current().db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(statement);
  });
}

let written = 0;
/** Events through the app's own writer, with text that needs escaping and jsonb in both columns. */
async function writeEvents(count: number) {
  for (let i = 0; i < count; i++) {
    written++;
    await recordAudit(undefined, { requestId: `request-${written}`, clientIp: "192.0.2.5" }, {
      actorType: "staff",
      actorUserId: "u-sara",
      action: "case.view",
      outcome: written % 4 === 0 ? "denied" : "allowed",
      clientId: randomUUID(),
      basis: `consent:${written}`,
      reason: written % 3 === 0 ? `a "quoted", comma\nreason — ${written}` : null,
      reads: [{ action: "case.view", outcome: "allowed", resourceType: "case", resourceId: randomUUID(), caseId: null, category: "municipality.income_support", basis: "own_organization", reason: null }],
    });
  }
}

/** Takes an id for an event and rolls it back: a gap in the ids. */
async function rollBackAnEvent() {
  await expect(
    database.current().db.transaction(async (tx) => {
      await recordAudit(undefined, undefined, { action: "case.view", outcome: "allowed" }, tx);
      throw new Error("rolled back");
    }),
  ).rejects.toThrow("rolled back");
}

/**
 * Seals past a gap already seen, as a later run of the job would once the wait is over. On
 * PostgreSQL a transaction of another test file may still be running from the first sighting;
 * then it tries again.
 */
async function sealOnceSettled(): Promise<SealSummary[]> {
  const sealed: SealSummary[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    const run = await seal({ gapWaitMs: 0 });
    sealed.push(...run.seals);
    if (run.stoppedBy !== "gap") return sealed;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The gap never settled");
}

beforeEach(async () => {
  await asSuperuser(sql`truncate audit_events, audit_seals restart identity`);
  await writeEvents(12);
  const run = await seal();
  expect(run.seals.map(({ seq, firstId, lastId }) => [seq, firstId, lastId])).toEqual([
    [1, 1, 4],
    [2, 5, 8],
    [3, 9, 12],
  ]);
});

describe("sealing", () => {
  it("links the events in id order into signed seals, and an intact trail passes", async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, seals: 3, events: 12, absent: 0, findings: [], unsealed: { count: 0 } });
    expect(report.head).toMatchObject({ seq: 3, last_id: 12, key_id: ours.signer.keyId });
    const seals = await rows<{ prev_root: string; root: string }>(sql`select prev_root, root from audit_seals order by seq`);
    expect(seals.map((row) => row.prev_root)).toEqual([genesisRoot, seals[0]!.root, seals[1]!.root]);
    expect(await seal()).toMatchObject({ seals: [], events: 0, stoppedBy: "caught_up" });
  });

  it("seals the backlog in batches, as many as the budget allows", async () => {
    await writeEvents(10);
    expect(await seal({ batchSize: 3, budgetMs: 0 })).toMatchObject({ events: 3, stoppedBy: "budget" });
    expect(await seal({ batchSize: 3 })).toMatchObject({ events: 7, stoppedBy: "caught_up" });
    expect(await verify()).toMatchObject({ ok: true, seals: 7, events: 22 });
  });

  it("stops before a gap in ids until it has seen it for the wait, then seals it as absent", async () => {
    await writeEvents(1); // 13
    await rollBackAnEvent(); // 14
    await writeEvents(1); // 15
    expect(await seal()).toMatchObject({ seals: [{ seq: 4, firstId: 13, lastId: 13, absentIds: [] }], stoppedBy: "gap", waitingFor: 14 });
    expect(await seal({ gapWaitMs: 60_000 })).toMatchObject({ seals: [], stoppedBy: "gap", waitingFor: 14 });
    // Seen for as long as the wait (here: none), and no transaction from then still running.
    expect(await sealOnceSettled()).toMatchObject([{ seq: 5, firstId: 14, lastId: 15, absentIds: [14], eventCount: 1 }]);
    expect(await verify()).toMatchObject({ ok: true, seals: 5, events: 14, absent: 1 });
  });

  it.runIf(onPostgres)("does not seal past a transaction still in flight, and seals its event once it commits", async () => {
    let commit!: () => void;
    let written!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    const hasWritten = new Promise<void>((resolve) => (written = resolve));
    const inFlight = database.current().db.transaction(async (tx) => {
      await recordAudit(undefined, undefined, { action: "case.view", outcome: "allowed" }, tx); // 13
      written();
      await mayCommit;
    });
    await hasWritten;
    try {
      await writeEvents(1); // 14, committed first
      expect(await seal()).toMatchObject({ seals: [], stoppedBy: "gap", waitingFor: 13 });
      // Seen long enough, but the transaction that may hold id 13 is still running.
      expect(await seal({ gapWaitMs: 0 })).toMatchObject({ seals: [], stoppedBy: "gap", waitingFor: 13 });
    } finally {
      commit();
      await inFlight;
    }
    expect(await seal()).toMatchObject({ seals: [{ firstId: 13, lastId: 14, absentIds: [] }] });
    expect(await verify()).toMatchObject({ ok: true, events: 14 });
  });

  it("never lets two sealers write conflicting seals", async () => {
    await writeEvents(30); // 13–42
    const runs = await Promise.all([1, 2, 3, 4].map(() => seal({ batchSize: 3 })));
    expect(runs.reduce((sum, run) => sum + run.events, 0)).toBe(30);
    const seqs = runs.flatMap((run) => run.seals.map((written) => written.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, index) => index + 4));
    expect(await verify()).toMatchObject({ ok: true, seals: 13, events: 42 });
  });

  it.runIf(onPostgres)("gives way at once while another sealer holds the lock, and writers never wait for it", async () => {
    await writeEvents(1);
    let release!: () => void;
    let locked!: () => void;
    const mayRelease = new Promise<void>((resolve) => (release = resolve));
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const otherSealer = database.current().db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(1396788563, 1)`);
      locked();
      await mayRelease;
    });
    await isLocked;
    try {
      expect(await seal()).toMatchObject({ seals: [], stoppedBy: "busy" });
      await writeEvents(1); // would hang here if writing took the sealer's lock
    } finally {
      release();
      await otherSealer;
    }
    expect(await seal()).toMatchObject({ events: 2 });
  });

  it("takes no lock when an event is written", async () => {
    const held = await database.current().db.transaction(async (tx) => {
      for (const clientId of [randomUUID(), randomUUID(), randomUUID()]) {
        await recordAudit(undefined, undefined, { action: "case.view", outcome: "allowed", clientId }, tx);
      }
      const locks = await tx.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`);
      return ((locks as unknown as { rows?: { n: number }[] }).rows ?? (locks as unknown as { n: number }[]))[0]!.n;
    });
    expect(held).toBe(0);
  });
});

/** Rewrites seals from `fromSeq` on as an insider who knows the (open) format but not the key would: digests, roots and links recomputed in Node, signed with `signWith` or left with the old signature. */
async function forgeSeals(fromSeq: number, { only = false, signWith, claimKeyId }: { only?: boolean; signWith?: AuditSigner; claimKeyId?: string } = {}) {
  const seals = await rows<{ seq: number; first_id: number; last_id: number; absent: string; event_count: number; sealed_at: string; key_id: string; signature: string }>(
    sql`select seq::int as seq, first_id::int as first_id, last_id::int as last_id, array_to_json(absent_ids)::text as absent, event_count,
          to_char(sealed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sealed_at, key_id, signature
        from audit_seals where seq >= ${fromSeq} order by seq`,
  );
  const [previous] = await rows<{ root: string }>(sql`select root from audit_seals where seq = ${fromSeq - 1}`);
  let prevRoot = previous?.root ?? genesisRoot;
  for (const row of only ? seals.slice(0, 1) : seals) {
    const events = await readEventTexts(database.current().db, { afterId: row.first_id - 1, untilId: row.last_id, limit: 1_000 });
    const digests = Buffer.concat(events.map(eventDigest));
    const position = { seq: row.seq, firstId: row.first_id, lastId: row.last_id, absentIds: JSON.parse(row.absent) as number[], eventCount: events.length, prevRoot };
    const root = sealRoot(position, digests);
    const keyId = claimKeyId ?? signWith?.keyId ?? row.key_id;
    const signature = signWith ? signWith.sign(canonicalSeal({ ...position, root, sealedAt: row.sealed_at, keyId })) : row.signature;
    await asSuperuser(sql`update audit_seals set event_digests = decode(${digests.toString("hex")}, 'hex'), event_count = ${events.length}, prev_root = ${prevRoot}, root = ${root}, key_id = ${keyId}, signature = ${signature} where seq = ${row.seq}`);
    prevRoot = root;
  }
}

describe("as an insider with superuser rights", () => {
  it("an edited event is named", async () => {
    await asSuperuser(sql`update audit_events set basis = 'own_organization' where id = 6`);
    expect(await findings()).toEqual([{ problem: "event.edited", seq: 2, eventId: 6, message: "Event 6: differs from what seal 2 sealed: edited." }]);
  });

  it("an edited event stays found however much of its seal is recomputed without the key", async () => {
    await asSuperuser(sql`update audit_events set outcome = 'denied', reason = 'never happened' where id = 6`);
    // The stored digest of event 6 replaced by that of the edited event (the database's own sha256 would do as well).
    const [edited] = await readEventTexts(database.current().db, { afterId: 5, untilId: 6, limit: 1 });
    await asSuperuser(sql`update audit_seals set event_digests = overlay(event_digests placing decode(${eventDigest(edited!).toString("hex")}, 'hex') from 33 for 32) where seq = 2`);
    expect((await findings()).map(({ problem, seq }) => [problem, seq])).toEqual([
      ["seal.digests", 2],
      ["seal.events", 2],
    ]);

    // …and its root: the signature no longer fits, nor does the next seal's link.
    await forgeSeals(2, { only: true });
    expect((await findings()).map(({ problem, seq }) => [problem, seq])).toEqual([
      ["seal.signature", 2],
      ["seal.link", 3],
    ]);

    // …and every later seal's link and root.
    await forgeSeals(2);
    expect(await findings()).toEqual([
      { problem: "seal.signature", seq: 2, message: `Seal 2: its signature does not verify with key ${ours.signer.keyId}: the seal was altered or signed by someone else.` },
      { problem: "seal.signature", seq: 3, message: `Seal 3: its signature does not verify with key ${ours.signer.keyId}: the seal was altered or signed by someone else.` },
    ]);

    // …and signed with a key of the insider's own, named as such or claiming to be ours.
    const theirs = newKey();
    await forgeSeals(2, { signWith: theirs.signer });
    expect((await findings()).map(({ problem, seq }) => [problem, seq])).toEqual([
      ["seal.untrusted_key", 2],
      ["seal.untrusted_key", 3],
    ]);
    await forgeSeals(2, { signWith: theirs.signer, claimKeyId: ours.signer.keyId });
    expect((await findings()).map(({ problem, seq }) => [problem, seq])).toEqual([
      ["seal.signature", 2],
      ["seal.signature", 3],
    ]);
  });

  describe("a database that lies to the verifier", () => {
    const original = sql`(select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') from audit_events where id = 6)`;
    let liar: DatabaseHandle | undefined;
    afterEach(async () => {
      await liar?.close();
      liar = undefined;
      if (onPostgres) await rows(sql.raw(`alter database "${await currentDatabase()}" reset search_path`));
      else await rows(sql`set search_path to default`);
      await rows(sql`drop function if exists public.to_char(timestamp without time zone, text)`);
      await rows(sql`drop table if exists public.originals`);
    });
    const currentDatabase = async () => (await rows<{ name: string }>(sql`select current_database() as name`))[0]!.name;

    /** A session whose search path puts `public` first, as an ALTER DATABASE gives every new session. */
    async function sessionWithPublicFirst(): Promise<DatabaseHandle> {
      if (!onPostgres) {
        await rows(sql`set search_path to public, pg_catalog`); // PGlite: one session
        return database.current();
      }
      await rows(sql.raw(`alter database "${await currentDatabase()}" set search_path = public, pg_catalog`));
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${await currentDatabase()}`;
      liar = openDatabase({ url: url.toString() });
      return liar;
    }

    it("a look-alike function in public that shows the original of an edited event is never called", async () => {
      const [{ text: before } = { text: "" }] = await rows<{ text: string }>(sql`select ${original} as text`);
      await asSuperuser(sql`update audit_events set occurred_at = occurred_at - interval '1 hour' where id = 6`);
      await rows(sql`create table public.originals as select occurred_at, ${before}::text as text from audit_events where id = 6`);
      await rows(sql.raw(`create function public.to_char(timestamp without time zone, text) returns text language sql stable as $$
        select coalesce((select o.text from public.originals o where (o.occurred_at at time zone 'UTC') = $1), pg_catalog.to_char($1, $2)) $$`));
      const session = await sessionWithPublicFirst();
      // The lie works for a reader that trusts the search path…
      const [naive] = await session.rows<{ text: string }>(sql`select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as text from audit_events where id = 6`);
      expect(naive?.text).toBe(before);
      // …but not for the verifier.
      expect(await findings({}, session)).toEqual([{ problem: "event.edited", seq: 2, eventId: 6, message: "Event 6: differs from what seal 2 sealed: edited." }]);
    });

    it("PostgreSQL's own function replaced by one that shows the original is reported", async () => {
      const [{ text: before } = { text: "" }] = await rows<{ text: string }>(sql`select ${original} as text`);
      await asSuperuser(sql`update audit_events set occurred_at = occurred_at - interval '1 hour' where id = 6`);
      const [{ at } = { at: "" }] = await rows<{ at: string }>(sql`select (occurred_at at time zone 'UTC')::text as at from audit_events where id = 6`);
      // A body PostgreSQL inlines (a bare expression) replaces the built-in for every caller.
      await rows(sql.raw(`create function public.real_to_char(timestamp without time zone, text) returns text language internal stable strict as 'timestamp_to_char'`));
      await rows(sql.raw(`create or replace function pg_catalog.to_char(timestamp without time zone, text) returns text language sql stable as $$
        select case when $1 = '${at}'::timestamp then '${before}' else public.real_to_char($1, $2) end $$`));
      try {
        const [lie] = await readEventTexts(database.current().db, { afterId: 5, untilId: 6, limit: 1 });
        expect(lie?.occurred_at).toBe(before);
        expect(await findings()).toEqual([
          {
            problem: "database.builtins",
            message: expect.stringMatching(/^PostgreSQL's own function pg_catalog\.to_char\(timestamp without time zone,text\) was replaced \(now sql: select case when .*\): the database may show the verifier other data than the app\.$/),
          },
        ]);
      } finally {
        await rows(sql.raw(`create or replace function pg_catalog.to_char(timestamp without time zone, text) returns text language internal stable strict parallel safe as 'timestamp_to_char'`));
        await rows(sql`drop function public.real_to_char(timestamp without time zone, text)`);
      }
      expect(await findings()).toEqual([{ problem: "event.edited", seq: 2, eventId: 6, message: "Event 6: differs from what seal 2 sealed: edited." }]);
    });
  });

  it("a deleted event is named, and so is a run of them", async () => {
    await asSuperuser(sql`delete from audit_events where id = 6`, sql`delete from audit_events where id between 10 and 12`);
    expect(await findings()).toEqual([
      { problem: "event.deleted", seq: 2, eventId: 6, message: "Event 6: missing, though sealed in seal 2: deleted." },
      { problem: "event.deleted", seq: 3, eventId: 10, message: "Events 10–12: missing, though sealed in seal 3: deleted." },
    ]);
  });

  it("deleting the newest events with their seals is caught only against a kept head", async () => {
    const kept = (await verify()).head!;
    await asSuperuser(sql`delete from audit_events where id > 8`, sql`delete from audit_seals where seq = 3`);
    expect(await verify()).toMatchObject({ ok: true, seals: 2, head: { seq: 2 } });
    expect(await findings({ keptHead: kept })).toEqual([
      { problem: "head.missing", seq: 3, message: "Seal 3: the kept head (events up to 12) is no longer in the database: the trail was truncated or its newest seals and events deleted." },
    ]);
  });

  it("editing events under a deleted newest seal and letting the sealer seal them again is caught against a kept head", async () => {
    const kept = (await verify()).head!;
    await asSuperuser(sql`delete from audit_seals where seq = 3`, sql`update audit_events set basis = 'own_organization' where id = 10`);
    await seal();
    expect(await verify()).toMatchObject({ ok: true, seals: 3 });
    expect(await findings({ keptHead: kept })).toEqual([
      { problem: "head.rewritten", seq: 3, message: "Seal 3: differs from the kept head (root or signature changed): the trail was rewritten from there." },
    ]);
  });

  it("truncating the whole trail is caught against a kept head", async () => {
    const kept = (await verify()).head!;
    await asSuperuser(sql`truncate audit_events, audit_seals`);
    expect(await verify()).toMatchObject({ ok: true, seals: 0, head: null });
    expect((await findings({ keptHead: kept })).map(({ problem, seq }) => [problem, seq])).toEqual([["head.missing", 3]]);
  });

  it("reordered events are named with the place each was sealed at", async () => {
    await asSuperuser(
      sql`update audit_events set id = -id where id in (5, 6)`,
      sql`update audit_events set id = 6 where id = -5`,
      sql`update audit_events set id = 5 where id = -6`,
    );
    expect(await findings()).toEqual([
      { problem: "event.reordered", seq: 2, eventId: 5, message: "Event 5: holds what seal 2 sealed as event 6: events reordered." },
      { problem: "event.reordered", seq: 2, eventId: 6, message: "Event 6: holds what seal 2 sealed as event 5: events reordered." },
    ]);
  });

  it("an event inserted at an id its seal recorded as absent, or before the first seal, is named", async () => {
    await rollBackAnEvent(); // 13
    await writeEvents(1); // 14
    expect(await seal()).toMatchObject({ seals: [], stoppedBy: "gap" });
    expect(await sealOnceSettled()).toMatchObject([{ seq: 4, firstId: 13, lastId: 14, absentIds: [13] }]);
    await asSuperuser(
      sql`insert into audit_events (id, actor_type, action, outcome) values (13, 'staff', 'case.view', 'allowed')`,
      sql`insert into audit_events (id, actor_type, action, outcome) values (0, 'staff', 'case.view', 'allowed')`,
    );
    expect(await findings()).toEqual([
      { problem: "event.inserted", seq: 4, eventId: 13, message: "Event 13: inserted after sealing: seal 4 recorded id 13 as absent." },
      { problem: "event.inserted", eventId: 0, message: "Event 0: lies before the first sealed id: inserted." },
    ]);
  });

  it("a second copy of a sealed event, once the primary key is dropped, is named", async () => {
    await asSuperuser(sql`alter table audit_events drop constraint audit_events_pkey`, sql`insert into audit_events select * from audit_events where id = 6`);
    try {
      expect(await findings()).toEqual([{ problem: "event.inserted", eventId: 6, message: "Event 6: stored 2 times: copies were inserted." }]);
    } finally {
      await asSuperuser(sql`delete from audit_events where ctid = (select max(ctid) from audit_events where id = 6)`, sql`alter table audit_events add primary key (id)`);
    }
  });

  it("an edited seal fails its signature", async () => {
    await asSuperuser(sql`update audit_seals set sealed_at = sealed_at + interval '1 second' where seq = 2`);
    expect(await findings()).toEqual([
      { problem: "seal.signature", seq: 2, message: `Seal 2: its signature does not verify with key ${ours.signer.keyId}: the seal was altered or signed by someone else.` },
    ]);
    await asSuperuser(sql`update audit_seals set event_count = 5 where seq = 2`);
    expect((await findings()).map(({ problem, message }) => [problem, message])).toEqual([
      ["seal.signature", expect.stringContaining("Seal 2: its signature does not verify")],
      ["seal.malformed", "Seal 2: counts 5 events for 4 present ids."],
    ]);
  });

  it("a deleted seal, in the middle or the first, is named with the events it leaves unsealed", async () => {
    await asSuperuser(sql`delete from audit_seals where seq = 2`);
    expect(await findings()).toEqual([{ problem: "seal.missing", seq: 2, message: "Seal 2: missing, deleted; events 5–8 no longer sealed." }]);
    await asSuperuser(sql`delete from audit_seals where seq = 1`);
    expect(await findings()).toEqual([{ problem: "seal.missing", seq: 1, message: "Seals 1–2: missing, deleted; events 1–8 no longer sealed." }]);
  });

  it("a seal signed with a key that is not trusted is named; a rotated key verifies alongside the old one", async () => {
    const next = newKey();
    await writeEvents(2);
    await seal({ signer: next.signer });
    expect(await findings()).toEqual([
      { problem: "seal.untrusted_key", seq: 4, message: `Seal 4: signed with key ${next.signer.keyId}, which is not a trusted key (${ours.signer.keyId}).` },
    ]);
    expect(await verify({ trustedKeys: auditVerifyKeys([ours.spki, next.spki]) })).toMatchObject({ ok: true, seals: 4 });
    expect((await findings({ trustedKeys: auditVerifyKeys([next.spki]) })).map(({ problem, seq }) => [problem, seq])).toEqual([
      ["seal.untrusted_key", 1],
      ["seal.untrusted_key", 2],
      ["seal.untrusted_key", 3],
    ]);
  });

  it("events left unsealed longer than the limit are a failure", async () => {
    await writeEvents(2); // 13, 14: not sealed
    expect(await verify()).toMatchObject({ ok: true, unsealed: { count: 2, oldestId: 13 } });
    const later = new Date(Date.now() + 200_000);
    expect(await findings({ now: later })).toEqual([
      {
        problem: "unsealed.overdue",
        eventId: 13,
        message: expect.stringMatching(/^Event 13: unsealed for 20\d s, longer than the limit of 120 s \(2 events after seal 3 unsealed\): is the sealing job running\?$/),
      },
    ]);
    expect(await verify({ now: later, maxUnsealedSeconds: 300 })).toMatchObject({ ok: true });
  });
});

describe("the audit-seal job", () => {
  it("seals new events within seconds, on one queue with a per-minute safety net", { timeout: 60_000 }, async () => {
    const boss = await startJobs(database.current(), { migrate: true });
    const lastSealed = async () => Number((await rows<{ id: string | null }>(sql`select max(last_id)::text as id from audit_seals`))[0]?.id ?? 0);
    try {
      await writeEvents(2); // 13, 14
      await expect.poll(lastSealed, { timeout: 20_000, interval: 250 }).toBe(14);
      await writeEvents(1); // 15: sealed by the job that re-sent itself
      await expect.poll(lastSealed, { timeout: 20_000, interval: 250 }).toBe(15);
    } finally {
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    }
    expect(await rows(sql`select policy from pgboss.queue where name = 'audit-seal'`)).toEqual([{ policy: "short" }]);
    expect(await rows(sql`select cron from pgboss.schedule where name = 'audit-seal'`)).toEqual([{ cron: "* * * * *" }]);
    // The job signs with the app's key from the environment.
    const withAppKey = auditVerifyKeys([ours.spki, ...getEnv().auditVerifyKeys]);
    expect(await verify({ trustedKeys: withAppKey })).toMatchObject({ ok: true, events: 15 });
  });
});
