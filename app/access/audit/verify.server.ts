import type { KeyObject } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DatabaseHandle, Transaction } from "~/lib/db.server";
import { canonicalSeal, digestBytes, eventDigest, genesisRoot, sealRoot, type EventText, type SealFields } from "./digest";
import { builtinProblems } from "./builtins.server";
import { verifySignature } from "./keys.server";
import { readEventTexts, rowsIn, utcText } from "./read.server";

/**
 * Verifies the audit trail's seals outside the database (ADR 0014). It trusts nothing the database
 * holds: it recomputes every sealed event's digest and every root in Node, checks each seal's
 * signature with public keys it is given, and compares the newest seal with a head the auditor
 * kept from an earlier run. It needs only SELECT, and reads in one read-only snapshot with
 * `search_path = pg_catalog`, so functions an intruder adds to `public` are never called, after
 * checking that the built-in functions it relies on are still PostgreSQL's own (builtins.server.ts).
 */

/** The newest seal, as the verifier prints it and the auditor keeps it (one JSON line). */
export interface SignedHead {
  seq: number;
  last_id: number;
  root: string;
  key_id: string;
  signature: string;
  /** UTC with microseconds. */
  sealed_at: string;
}

export type Problem =
  | "database.builtins"
  | "seal.missing"
  | "seal.link"
  | "seal.untrusted_key"
  | "seal.signature"
  | "seal.malformed"
  | "seal.digests"
  | "seal.events"
  | "event.edited"
  | "event.reordered"
  | "event.deleted"
  | "event.inserted"
  | "unsealed.overdue"
  | "head.missing"
  | "head.rewritten";

/** One problem, with a one-line message naming the seal and event it concerns. */
export interface Finding {
  problem: Problem;
  message: string;
  seq?: number;
  eventId?: number;
}

export interface VerifyOptions {
  /** Public keys by key id (keys.server.ts `auditVerifyKeys`). */
  trustedKeys: Map<string, KeyObject>;
  /** Seconds an event may wait for its seal before that is a failure (default 120). */
  maxUnsealedSeconds?: number;
  /** The head kept from an earlier run: its seal must still be there, unchanged. */
  keptHead?: SignedHead;
  /** The verifier's clock, for the unsealed events' age (default: now). */
  now?: Date;
}

export interface VerifyReport {
  ok: boolean;
  seals: number;
  /** Sealed events checked. */
  events: number;
  /** Ids the seals record as absent. */
  absent: number;
  unsealed: { count: number; oldestId: number | null; waitedSeconds: number | null };
  /** The newest seal, whether or not the trail is intact. */
  head: SignedHead | null;
  findings: Finding[];
  /** Findings left out after the first `maxFindings`. */
  omitted: number;
}

export const defaultMaxUnsealedSeconds = 120;
const maxFindings = 1_000;
const sealPage = 20;
const eventPage = 5_000;

interface SealRow extends SealFields {
  digests: Buffer;
  signature: string;
}

/**
 * Walks every seal in seq order (keyset pages), every sealed event (one seal's ids at a time) and
 * the unsealed tail, and reports every problem found. `ok` is true only without findings.
 * Throws only when the database cannot be read.
 */
export async function verifyAuditTrail(handle: DatabaseHandle, options: VerifyOptions): Promise<VerifyReport> {
  return handle.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local search_path = pg_catalog`);
      const report: VerifyReport = { ok: false, seals: 0, events: 0, absent: 0, unsealed: { count: 0, oldestId: null, waitedSeconds: null }, head: null, findings: [], omitted: 0 };
      const add = (finding: Finding) => (report.findings.length < maxFindings ? report.findings.push(finding) : report.omitted++);
      for (const message of await builtinProblems(tx)) add({ problem: "database.builtins", message });

      let previous: SealRow | undefined;
      let kept: SealRow | undefined;
      for (let after = 0; ; ) {
        const page = await readSeals(tx, after);
        for (const seal of page) {
          checkSeal(seal, previous, options.trustedKeys, add);
          await checkSealedEvents(tx, seal, add);
          report.seals++;
          report.events += seal.eventCount;
          report.absent += seal.absentIds.length;
          if (seal.seq === options.keptHead?.seq) kept = seal;
          previous = seal;
        }
        if (page.length < sealPage) break;
        after = page.at(-1)!.seq;
      }
      if (previous) report.head = headOf(previous);

      await checkOutsideSeals(tx, previous?.lastId ?? 0, options, report, add);
      if (options.keptHead) checkKeptHead(options.keptHead, kept, add);
      report.ok = report.findings.length === 0;
      return report;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

async function readSeals(tx: Transaction, afterSeq: number): Promise<SealRow[]> {
  const rows = await rowsIn<Record<string, string | null>>(
    tx,
    sql`select s.seq::text as seq, s.first_id::text as first_id, s.last_id::text as last_id,
          pg_catalog.array_to_json(s.absent_ids)::text as absent_ids, s.event_count::text as event_count,
          pg_catalog.encode(s.event_digests, 'hex') as event_digests, s.prev_root::text as prev_root,
          s.root::text as root, ${utcText(sql`s.sealed_at`)} as sealed_at, s.key_id::text as key_id,
          s.signature::text as signature
        from public.audit_seals s where s.seq > ${afterSeq}::bigint order by s.seq limit ${sealPage}`,
  );
  // Whatever a row holds is checked against the signature; nulls become values that fail it.
  return rows.map((row) => ({
    seq: Number(row.seq),
    firstId: Number(row.first_id),
    lastId: Number(row.last_id),
    absentIds: parseIds(row.absent_ids ?? null),
    eventCount: Number(row.event_count),
    digests: Buffer.from(row.event_digests ?? "", "hex"),
    prevRoot: row.prev_root ?? "",
    root: row.root ?? "",
    sealedAt: row.sealed_at ?? "",
    keyId: row.key_id ?? "",
    signature: row.signature ?? "",
  }));
}

function parseIds(json: string | null): number[] {
  const parsed: unknown = json ? JSON.parse(json) : [];
  return Array.isArray(parsed) ? parsed.map(Number) : [];
}

const span = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);
const plural = (from: number, to: number, one: string, many: string) => `${from === to ? one : many} ${span(from, to)}`;

/** Position, link, signature and shape of one seal. */
function checkSeal(seal: SealRow, previous: SealRow | undefined, trustedKeys: Map<string, KeyObject>, add: (finding: Finding) => void) {
  const { seq } = seal;
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (previous && seq <= previous.seq) {
    add({ problem: "seal.malformed", seq, message: `Seal ${seq}: stored twice: a copy was inserted.` });
  } else if (seq !== expectedSeq) {
    const fromId = previous ? previous.lastId + 1 : 1;
    const lost = seal.firstId > fromId ? `; ${plural(fromId, seal.firstId - 1, "event", "events")} no longer sealed` : "";
    add({ problem: "seal.missing", seq: expectedSeq, message: `${plural(expectedSeq, seq - 1, "Seal", "Seals")}: missing, deleted${lost}.` });
  } else {
    if (seal.prevRoot !== (previous?.root ?? genesisRoot)) {
      const message = previous
        ? `Seal ${seq}: does not continue seal ${previous.seq} (its previous root is not seal ${previous.seq}'s root): a seal was replaced.`
        : `Seal 1: does not start the chain (its previous root is not the genesis root): a seal was replaced.`;
      add({ problem: "seal.link", seq, message });
    }
    const firstId = previous ? previous.lastId + 1 : 1;
    if (seal.firstId !== firstId) add({ problem: "seal.malformed", seq, message: `Seal ${seq}: starts at event ${seal.firstId}, not ${firstId}.` });
  }

  const key = trustedKeys.get(seal.keyId);
  if (!key) {
    add({ problem: "seal.untrusted_key", seq, message: `Seal ${seq}: signed with key ${seal.keyId || "(none)"}, which is not a trusted key (${[...trustedKeys.keys()].join(", ")}).` });
  } else if (!verifySignature(key, canonicalSeal(seal), seal.signature)) {
    add({ problem: "seal.signature", seq, message: `Seal ${seq}: its signature does not verify with key ${seal.keyId}: the seal was altered or signed by someone else.` });
  }

  const shape = shapeProblem(seal);
  if (shape) add({ problem: "seal.malformed", seq, message: `Seal ${seq}: ${shape}.` });
}

function shapeProblem(seal: SealRow): string | null {
  const { firstId, lastId, absentIds, eventCount } = seal;
  if (!(firstId <= lastId)) return `covers no ids (${firstId}–${lastId})`;
  if (absentIds.some((id, index) => id < firstId || id > lastId || (index > 0 && id <= absentIds[index - 1]!))) return "its absent ids are not ascending inside its range";
  if (eventCount !== lastId - firstId + 1 - absentIds.length) return `counts ${eventCount} events for ${lastId - firstId + 1 - absentIds.length} present ids`;
  if (seal.digests.length !== eventCount * digestBytes) return `holds ${seal.digests.length / digestBytes} event digests for ${eventCount} events`;
  return null;
}

/**
 * Reads the events in one seal's id range and compares each with the digest the seal stored for
 * its id: deleted (sealed id, no event), inserted (an event at an id the seal recorded as absent),
 * reordered (it matches what was sealed at another id) or edited.
 */
async function checkSealedEvents(tx: Transaction, seal: SealRow, add: (finding: Finding) => void) {
  const { seq } = seal;
  const shapeOk = shapeProblem(seal) === null;
  // The stored digests are trusted only as far as the seal's root covers them.
  const storedOk = shapeOk && sealRoot(seal, seal.digests) === seal.root;
  if (shapeOk && !storedOk) add({ problem: "seal.digests", seq, message: `Seal ${seq}: its stored event digests do not match its root: the seal was altered.` });
  const stored = (index: number) => seal.digests.subarray(index * digestBytes, (index + 1) * digestBytes);

  const absent = new Set(seal.absentIds);
  const indexOf = new Map<number, number>(); // sealed id → its digest's position, for the ids that did not match
  const deleted: number[] = [];
  const mismatched: { id: number; event: EventText }[] = [];
  const inserted: { id: number; event: EventText }[] = [];
  const recomputed: Buffer[] = [];
  let nextId = seal.firstId; // the next sealed id not yet matched with an event
  let index = 0;
  const skipAbsent = () => {
    while (nextId <= seal.lastId && absent.has(nextId)) nextId++;
  };
  const missNext = () => {
    deleted.push(nextId);
    indexOf.set(nextId, index++);
    nextId++;
    skipAbsent();
  };

  for await (const event of shapeOk ? eventsOf(tx, seal) : []) {
    const id = Number(event.id);
    skipAbsent();
    while (nextId < id && nextId <= seal.lastId) missNext();
    if (absent.has(id)) {
      inserted.push({ id, event });
      continue;
    }
    if (id !== nextId) continue; // a second row with an id already seen: reported by checkOutsideSeals
    const digest = eventDigest(event);
    recomputed.push(digest);
    if (storedOk && !digest.equals(stored(index))) {
      mismatched.push({ id, event });
      indexOf.set(id, index);
    }
    index++;
    nextId++;
  }
  if (shapeOk) {
    skipAbsent();
    while (nextId <= seal.lastId) missNext();
  }

  for (const [from, to] of runs(deleted)) {
    add({ problem: "event.deleted", seq, eventId: from, message: `${plural(from, to, "Event", "Events")}: missing, though sealed in seal ${seq}: deleted.` });
  }
  // An event that matches what was sealed at another id was moved there (swapped ids or contents).
  const suspects = mismatched.length + inserted.length;
  const candidates = storedOk && suspects * indexOf.size <= 20_000 ? [...indexOf.keys()] : [];
  const movedFrom = (id: number, event: EventText) =>
    candidates.find((other) => other !== id && eventDigest({ ...event, id: String(other) }).equals(stored(indexOf.get(other)!)));
  for (const { id, event } of [...mismatched, ...inserted].sort((a, b) => a.id - b.id)) {
    const from = movedFrom(id, event);
    if (from !== undefined) {
      add({ problem: "event.reordered", seq, eventId: id, message: `Event ${id}: holds what seal ${seq} sealed as event ${from}: events reordered.` });
    } else if (absent.has(id)) {
      add({ problem: "event.inserted", seq, eventId: id, message: `Event ${id}: inserted after sealing: seal ${seq} recorded id ${id} as absent.` });
    } else {
      add({ problem: "event.edited", seq, eventId: id, message: `Event ${id}: differs from what seal ${seq} sealed: edited.` });
    }
  }
  // Without trustworthy stored digests the events can still be checked against the root as a whole.
  if (shapeOk && !storedOk && deleted.length === 0 && sealRoot(seal, Buffer.concat(recomputed)) !== seal.root) {
    add({ problem: "seal.events", seq, message: `Seal ${seq}: its events ${span(seal.firstId, seal.lastId)} no longer match its root: one was edited or reordered.` });
  }
}

/** The events in a seal's id range, in id order, a page at a time (keyset pagination). */
async function* eventsOf(tx: Transaction, seal: SealRow): AsyncGenerator<EventText> {
  for (let afterId = seal.firstId - 1; ; ) {
    const page = await readEventTexts(tx, { afterId, untilId: seal.lastId, limit: eventPage });
    yield* page;
    if (page.length < eventPage) return;
    afterId = Number(page.at(-1)!.id);
  }
}

/** Consecutive numbers as [first, last] runs. */
function runs(ids: number[]): [number, number][] {
  const result: [number, number][] = [];
  for (const id of ids) {
    const last = result.at(-1);
    if (last && id === last[1] + 1) last[1] = id;
    else result.push([id, id]);
  }
  return result;
}

/**
 * What no seal covers: events before the first sealed id (inserted), ids held by two rows (the
 * primary key was dropped to forge a copy) and the unsealed tail, which may wait a while for the
 * sealing job but not longer than the limit.
 */
async function checkOutsideSeals(tx: Transaction, lastSealedId: number, options: VerifyOptions, report: VerifyReport, add: (finding: Finding) => void) {
  const before = await rowsIn<{ id: string }>(tx, sql`select e.id::text as id from public.audit_events e where e.id < 1 order by e.id limit ${maxFindings}`);
  for (const { id } of before) add({ problem: "event.inserted", eventId: Number(id), message: `Event ${id}: lies before the first sealed id: inserted.` });

  const twice = await rowsIn<{ id: string; n: string }>(
    tx,
    sql`select e.id::text as id, count(*)::text as n from public.audit_events e group by e.id having count(*) > 1 order by e.id limit ${maxFindings}`,
  );
  for (const { id, n } of twice) add({ problem: "event.inserted", eventId: Number(id), message: `Event ${id}: stored ${n} times: copies were inserted.` });

  const [tail] = await rowsIn<{ count: string }>(tx, sql`select count(*)::text as count from public.audit_events e where e.id > ${lastSealedId}::bigint`);
  const [oldest] = await rowsIn<{ id: string; at: string }>(
    tx,
    sql`select e.id::text as id, ${utcText(sql`e.occurred_at`)} as at from public.audit_events e where e.id > ${lastSealedId}::bigint order by e.occurred_at, e.id limit 1`,
  );
  const count = Number(tail?.count ?? 0);
  if (count === 0 || !oldest) return;
  const now = (options.now ?? new Date()).getTime();
  const waitedSeconds = Math.floor((now - Date.parse(oldest.at)) / 1000);
  report.unsealed = { count, oldestId: Number(oldest.id), waitedSeconds };
  const limit = options.maxUnsealedSeconds ?? defaultMaxUnsealedSeconds;
  if (waitedSeconds > limit) {
    add({
      problem: "unsealed.overdue",
      eventId: Number(oldest.id),
      message: `Event ${oldest.id}: unsealed for ${waitedSeconds} s, longer than the limit of ${limit} s (${count} ${count === 1 ? "event" : "events"} after seal ${report.head?.seq ?? 0} unsealed): is the sealing job running?`,
    });
  }
}

/** The seal the auditor kept must still be there, unchanged: otherwise the tail was cut or rewritten. */
function checkKeptHead(keptHead: SignedHead, kept: SealRow | undefined, add: (finding: Finding) => void) {
  const { seq } = keptHead;
  if (!kept) {
    add({ problem: "head.missing", seq, message: `Seal ${seq}: the kept head (events up to ${keptHead.last_id}) is no longer in the database: the trail was truncated or its newest seals and events deleted.` });
  } else if (kept.root !== keptHead.root || kept.signature !== keptHead.signature || kept.lastId !== keptHead.last_id) {
    add({ problem: "head.rewritten", seq, message: `Seal ${seq}: differs from the kept head (root or signature changed): the trail was rewritten from there.` });
  }
}

function headOf(seal: SealRow): SignedHead {
  return { seq: seal.seq, last_id: seal.lastId, root: seal.root, key_id: seal.keyId, signature: seal.signature, sealed_at: seal.sealedAt };
}
