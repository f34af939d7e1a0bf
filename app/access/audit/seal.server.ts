import { sql } from "drizzle-orm";
import type { DatabaseHandle, Transaction } from "~/lib/db.server";
import { canonicalSeal, eventDigest, genesisRoot, sealRoot, type EventText, type SealPosition } from "./digest";
import { auditSigner, type AuditSigner } from "./keys.server";
import { maxEventId, readEventTexts, rowsIn, utcText } from "./read.server";

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
   * Events per seal. Default 5 000 on PostgreSQL (0.16 MB of digests, about a quarter of a second
   * of work on a small machine) and 1 000 on PGlite, whose one connection requests wait for.
   */
  batchSize?: number;
  /**
   * Milliseconds (default 30 000, by the database's clock) the event after a gap in ids must be
   * older than before the gap is sealed as absent. Younger gaps may be a transaction still in
   * flight, so sealing stops before them.
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
   * caught_up: every visible event is sealed; gap: stopped before a gap in ids too young to call
   * absent (`waitingFor` is its first id); busy: another sealer holds the lock; budget: out of time
   * with more to seal.
   */
  stoppedBy: "caught_up" | "gap" | "busy" | "budget";
  waitingFor?: number;
}

export const defaultSealOptions = { gapWaitMs: 30_000, budgetMs: 10_000 } as const;
const defaultBatchSize = { postgres: 5_000, pglite: 1_000 } as const;

/**
 * Seals everything after the last seal, one seal per `batchSize` events, each in its own short
 * transaction, until caught up, stopped by a young gap, another sealer, or the time budget.
 * Throws on database errors and on a gap wider than a million ids (then nothing of that batch is
 * sealed, and `npm run audit:verify` will report the events as unsealed).
 */
export async function sealAuditTrail(handle: DatabaseHandle, options: SealOptions = {}): Promise<SealRun> {
  const signer = options.signer ?? auditSigner();
  const { batchSize, gapWaitMs, budgetMs } = { ...defaultSealOptions, batchSize: defaultBatchSize[handle.driver], ...options };
  const started = performance.now();
  const run: SealRun = { seals: [], events: 0, stoppedBy: "caught_up" };
  for (;;) {
    const step = await handle.db.transaction((tx) => sealNext(tx, signer, batchSize, gapWaitMs));
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

interface Step {
  seal?: SealSummary;
  next: "more" | SealRun["stoppedBy"];
  waitingFor?: number;
}

async function sealNext(tx: Transaction, signer: AuditSigner, batchSize: number, gapWaitMs: number): Promise<Step> {
  const [lock] = await rowsIn<{ locked: boolean; now: string }>(
    tx,
    sql`select ${sealerLock} as locked, ${utcText(sql`pg_catalog.clock_timestamp()`)} as now`,
  );
  if (!lock?.locked) return { next: "busy" };

  const [last] = await rowsIn<{ seq: string; last_id: string; root: string }>(
    tx,
    sql`select s.seq::text as seq, s.last_id::text as last_id, s.root from public.audit_seals s order by s.seq desc limit 1`,
  );
  const seq = last ? Number(last.seq) + 1 : 1;
  const firstId = last ? Number(last.last_id) + 1 : 1;
  const read = await readEventTexts(tx, { afterId: firstId - 1, untilId: maxEventId, limit: batchSize });
  const { events, absentIds, waitingFor } = sealable(read, firstId, Date.parse(lock.now), gapWaitMs);
  const next = waitingFor !== undefined ? "gap" : read.length === batchSize ? "more" : "caught_up";
  if (events.length === 0) return { next, waitingFor };

  const digests = Buffer.concat(events.map(eventDigest));
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
 * The events (read in id order from `firstId` on) that can be sealed now, and the ids missing
 * among them. A missing id is a rolled-back insert or one still in flight, and only time tells
 * them apart: the batch stops before a gap unless the event after it is older than `gapWaitMs`.
 */
function sealable(read: EventText[], firstId: number, nowMs: number, gapWaitMs: number) {
  const absentIds: number[] = [];
  let expected = firstId;
  for (const [index, event] of read.entries()) {
    const id = Number(event.id);
    if (id > expected) {
      if (nowMs - Date.parse(event.occurred_at!) < gapWaitMs) return { events: read.slice(0, index), absentIds, waitingFor: expected };
      if (absentIds.length + (id - expected) > maxAbsentPerSeal) {
        throw new Error(`Audit events ${expected}–${id - 1} are missing: too wide a gap to seal as absent (ADR 0014); sealing stops before event ${expected}`);
      }
      for (let missing = expected; missing < id; missing++) absentIds.push(missing);
    }
    expected = id + 1;
  }
  return { events: read, absentIds, waitingFor: undefined };
}
