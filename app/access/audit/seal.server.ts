import { sql } from "drizzle-orm";
import type { DatabaseHandle, Transaction } from "~/lib/db.server";
import { canonicalSeal, eventDigest, genesisRoot, sealRoot, type EventText, type SealPosition } from "./digest";
import { auditSigner, type AuditSigner } from "./keys.server";
import { readEventTexts, rowsIn, utcText } from "./read.server";

/**
 * The sealing job's work (ADR 0014): links the events written since the last seal, in id order,
 * into the next signed seal. Writers never wait for it — it only reads events and appends seals —
 * and two sealers never run at once: each seal is one transaction that first takes a sealer-only
 * advisory lock, with try (never wait), so a second sealer gives up at once.
 */

/** pg_try_advisory_xact_lock(classid, objid) of the sealer: "SAMS" in ASCII, and 1. Nothing else takes it. */
const sealerLock = sql`pg_catalog.pg_try_advisory_xact_lock(1396788563, 1)`;

/** A gap wider than this is not an ordinary rolled-back insert; sealing stops and says so. */
const maxAbsentPerSeal = 1_000_000;

export interface SealOptions {
  /** Signs the seals; default: the app's key from the environment. */
  signer?: AuditSigner;
  /**
   * Events per seal. Default 5 000 on PostgreSQL (0.16 MB of digests, about 0.1 s of CPU on a
   * small machine, spent in slices: `digestsOf`) and 1 000 on PGlite, whose one connection
   * requests wait for.
   */
  batchSize?: number;
  /**
   * Milliseconds (default 30 000, by the database's clock) a gap in ids must have been seen by
   * this process before it is sealed as absent — and every transaction that was running when it
   * was first seen must have ended. Until then it may be an insert still in flight, so sealing
   * stops before it.
   */
  gapWaitMs?: number;
  /** Milliseconds (default 10 000) after which no further seal is started; the next run goes on. */
  budgetMs?: number;
}

/** One seal as written. */
export interface SealSummary {
  seq: number;
  firstId: number;
  lastId: number;
  absentIds: number[];
  eventCount: number;
  root: string;
}

export interface SealRun {
  seals: SealSummary[];
  /** Events sealed in this run. */
  events: number;
  /**
   * caught_up: every visible event is sealed; gap: stopped before a gap in ids not yet settled
   * (`waitingFor` is its first id); busy: another sealer holds the lock; budget: out of time with
   * more to seal.
   */
  stoppedBy: "caught_up" | "gap" | "busy" | "budget";
  waitingFor?: number;
}

export const defaultSealOptions = { gapWaitMs: 30_000, budgetMs: 10_000 } as const;

/** When this process first saw a gap (ms, database clock) and the transaction ids then in use. */
interface GapSighting {
  seenAt: number;
  /** The snapshot's xmax at the time: every transaction then running has an id below it. */
  xmax: bigint;
}
/** Gaps seen and not yet sealed, per database, by their first missing id. */
const sightings = new WeakMap<DatabaseHandle, Map<number, GapSighting>>();
const defaultBatchSize = { postgres: 5_000, pglite: 1_000 } as const;

/**
 * Seals everything after the last seal, one seal per `batchSize` events, each in its own short
 * transaction, until caught up or stopped by a gap not yet settled, another sealer, or the time
 * budget.
 * Throws on database errors and on a gap wider than a million ids (then nothing of that batch is
 * sealed, and `npm run audit:verify` will report the events as unsealed).
 */
export async function sealAuditTrail(handle: DatabaseHandle, options: SealOptions = {}): Promise<SealRun> {
  const signer = options.signer ?? auditSigner();
  const { batchSize, gapWaitMs, budgetMs } = { ...defaultSealOptions, batchSize: defaultBatchSize[handle.driver], ...options };
  const started = performance.now();
  const run: SealRun = { seals: [], events: 0, stoppedBy: "caught_up" };
  const gaps = sightings.get(handle) ?? new Map<number, GapSighting>();
  sightings.set(handle, gaps);
  for (;;) {
    const step = await handle.db.transaction((tx) => sealNext(tx, signer, batchSize, { gaps, gapWaitMs }));
    if (step.seal) {
      run.seals.push(step.seal);
      run.events += step.seal.eventCount;
    }
    if (step.next !== "more") return { ...run, stoppedBy: step.next, ...(step.waitingFor === undefined ? {} : { waitingFor: step.waitingFor }) };
    if (performance.now() - started >= budgetMs) return { ...run, stoppedBy: "budget" };
    // Between seals, queries waiting for PGlite's one connection go first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Events digested between two turns of the event loop: about 1 ms of work, so that a request
 * that arrives meanwhile waits at most that long (250, about 5 ms, still showed in the lists' p95).
 */
const digestSlice = 50;

/**
 * The events' digests in order, `digestSlice` at a time, letting the event loop through between
 * slices: a batch of 5 000 took about 0.1 s of CPU (20 µs an event), which the server's sealing job
 * used to spend in one piece while requests waited behind it.
 */
export async function digestsOf(events: readonly EventText[]): Promise<Buffer> {
  const digests: Buffer[] = [];
  for (let start = 0; start < events.length; start += digestSlice) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const event of events.slice(start, start + digestSlice)) digests.push(eventDigest(event));
  }
  return Buffer.concat(digests);
}

interface Step {
  seal?: SealSummary;
  next: "more" | SealRun["stoppedBy"];
  waitingFor?: number;
}

async function sealNext(tx: Transaction, signer: AuditSigner, batchSize: number, gapRule: { gaps: Map<number, GapSighting>; gapWaitMs: number }): Promise<Step> {
  const [lock] = await rowsIn<{ locked: boolean; now: string; xmin: string; xmax: string }>(
    tx,
    sql`select ${sealerLock} as locked, ${utcText(sql`pg_catalog.clock_timestamp()`)} as now,
          pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text as xmin,
          pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text as xmax`,
  );
  if (!lock?.locked) return { next: "busy" };

  const [last] = await rowsIn<{ seq: string; last_id: string; root: string }>(
    tx,
    sql`select s.seq::text as seq, s.last_id::text as last_id, s.root from public.audit_seals s order by s.seq desc limit 1`,
  );
  const seq = last ? Number(last.seq) + 1 : 1;
  const firstId = last ? Number(last.last_id) + 1 : 1;
  const read = await readEventTexts(tx, { afterId: firstId - 1, limit: batchSize });
  const settled = gapSettlement(gapRule, firstId, { now: Date.parse(lock.now), xmin: BigInt(lock.xmin), xmax: BigInt(lock.xmax) });
  const { events, absentIds, waitingFor } = sealable(read, firstId, settled);
  const next = waitingFor !== undefined ? "gap" : read.length === batchSize ? "more" : "caught_up";
  if (events.length === 0) return { next, waitingFor };

  const digests = await digestsOf(events);
  const position: SealPosition = {
    seq,
    firstId,
    lastId: Number(events.at(-1)!.id),
    absentIds,
    eventCount: events.length,
    prevRoot: last?.root ?? genesisRoot,
  };
  const root = sealRoot(position, digests);
  const signature = signer.sign(canonicalSeal({ ...position, root, sealedAt: lock.now, keyId: signer.keyId }));
  await tx.execute(sql`
    insert into public.audit_seals (seq, first_id, last_id, absent_ids, event_count, event_digests, prev_root, root, sealed_at, key_id, signature)
    values (${seq}::bigint, ${firstId}::bigint, ${position.lastId}::bigint, ${`{${absentIds.join(",")}}`}::bigint[],
      ${events.length}::integer, pg_catalog.decode(${digests.toString("hex")}, 'hex'), ${position.prevRoot}, ${root},
      ${lock.now}::timestamptz, ${signer.keyId}, ${signature})`);
  return { seal: { seq, firstId, lastId: position.lastId, absentIds, eventCount: events.length, root }, next, waitingFor };
}

/**
 * Whether a gap (by its first missing id) may be sealed as absent. A missing id is a rolled-back
 * insert or one still in flight. The event after it says nothing about which (`occurred_at` is
 * its transaction's start, and a long transaction commits late), so the sealer waits until it has
 * seen the gap for `gapWaitMs` and every transaction that was running then has ended: the insert
 * that took the id was among them, or had no transaction id yet and gets one below no later xmax.
 * Notes every gap it is asked about; forgets those before `firstId`, which are sealed.
 */
function gapSettlement({ gaps, gapWaitMs }: { gaps: Map<number, GapSighting>; gapWaitMs: number }, firstId: number, now: { now: number; xmin: bigint; xmax: bigint }) {
  for (const start of gaps.keys()) if (start < firstId) gaps.delete(start);
  return (gapStart: number): boolean => {
    const seen = gaps.get(gapStart);
    if (!seen) {
      gaps.set(gapStart, { seenAt: now.now, xmax: now.xmax });
      return false;
    }
    return now.now - seen.seenAt >= gapWaitMs && now.xmin >= seen.xmax;
  };
}

/**
 * The events (read in id order from `firstId` on) that can be sealed now, and the ids missing
 * among them: up to the first gap that is not settled. Every gap in the batch is put to `settled`,
 * so that gaps behind the first one start their wait too.
 */
function sealable(read: EventText[], firstId: number, settled: (gapStart: number) => boolean) {
  const absentIds: number[] = [];
  let stopAt: { index: number; gapStart: number } | undefined;
  let expected = firstId;
  for (const [index, event] of read.entries()) {
    const id = Number(event.id);
    if (id > expected && !settled(expected) && !stopAt) stopAt = { index, gapStart: expected };
    if (id > expected && !stopAt) {
      if (absentIds.length + (id - expected) > maxAbsentPerSeal) {
        throw new Error(`Audit events ${expected}–${id - 1} are missing: too wide a gap to seal as absent (ADR 0014); sealing stops before event ${expected}`);
      }
      for (let missing = expected; missing < id; missing++) absentIds.push(missing);
    }
    expected = id + 1;
  }
  if (stopAt) return { events: read.slice(0, stopAt.index), absentIds, waitingFor: stopAt.gapStart };
  return { events: read, absentIds, waitingFor: undefined };
}
