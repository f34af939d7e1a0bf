import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { DatabaseHandle } from "~/lib/db.server";

/**
 * Re-walks the audit trail's hash chains (ADR 0009). Each event's hash covers all its columns and
 * the previous event's hash in its chain; the database recomputes the digest with the same
 * function it used on insert, and this module checks the links and positions.
 */
export interface ChainRow {
  id: number;
  chainKey: string | null;
  chainSeq: number | null;
  prevHash: string | null;
  hash: string | null;
  /** The digest of the row as it is now. */
  recomputed: string;
}

export type BrokenLink = {
  id: number;
  chainKey: string | null;
  chainSeq: number | null;
  /** unchained: no link at all; gap: events missing before it; link: previous hash differs (deleted, inserted or reordered); content: the event was changed. */
  problem: "unchained" | "gap" | "link" | "content";
};

export const genesisHash = "0".repeat(64);

/** Checks rows given in (chain_key, chain_seq) order; returns the first broken link, or null. */
export class ChainWalker {
  private key: string | null = null;
  private lastSeq = 0;
  private lastHash = genesisHash;
  events = 0;
  chains = 0;
  private heads = createHash("sha256");

  check(row: ChainRow): BrokenLink | null {
    this.events++;
    const broken = (problem: BrokenLink["problem"]): BrokenLink => ({ id: row.id, chainKey: row.chainKey, chainSeq: row.chainSeq, problem });
    if (row.chainKey === null || row.chainSeq === null || row.hash === null || row.prevHash === null) return broken("unchained");
    if (row.chainKey !== this.key) {
      this.closeChain();
      this.key = row.chainKey;
      this.lastSeq = 0;
      this.lastHash = genesisHash;
      this.chains++;
    }
    if (row.chainSeq !== this.lastSeq + 1) return broken(row.chainSeq > this.lastSeq + 1 ? "gap" : "link");
    if (row.prevHash !== this.lastHash) return broken("link");
    if (row.recomputed !== row.hash) return broken("content");
    this.lastSeq = row.chainSeq;
    this.lastHash = row.hash;
    return null;
  }

  private closeChain() {
    if (this.key !== null) this.heads.update(`${this.key}:${this.lastSeq}:${this.lastHash}\n`);
  }

  /** A digest of every chain's last link: kept outside the database, it also reveals a cut-off chain end. */
  headsDigest(): string {
    this.closeChain();
    this.key = null;
    return this.heads.digest("hex");
  }
}

interface StoredRow {
  id: string;
  chain_key: string | null;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
  recomputed: string;
}

export type VerifyResult =
  | { ok: true; events: number; chains: number; headsDigest: string }
  | { ok: false; events: number; broken: BrokenLink };

/** Walks the whole trail in batches (keyset pagination), stopping at the first broken link. */
export async function verifyAuditTrail(database: DatabaseHandle, batchSize = 5_000): Promise<VerifyResult> {
  const walker = new ChainWalker();
  let after: { key: string; seq: number } | null = null;
  for (;;) {
    const position: SQL = after ? sql`where (coalesce(chain_key, ''), coalesce(chain_seq, 0)) > (${after.key}, ${after.seq})` : sql``;
    const rows: StoredRow[] = await database.rows<StoredRow>(sql`
      select id, chain_key, chain_seq, prev_hash, hash, audit_event_digest(e) as recomputed
      from audit_events e ${position}
      order by coalesce(chain_key, ''), coalesce(chain_seq, 0)
      limit ${batchSize}`);
    for (const row of rows) {
      const broken = walker.check({
        id: Number(row.id),
        chainKey: row.chain_key,
        chainSeq: row.chain_seq === null ? null : Number(row.chain_seq),
        prevHash: row.prev_hash,
        hash: row.hash,
        recomputed: row.recomputed,
      });
      if (broken) return { ok: false, events: walker.events, broken };
    }
    if (rows.length < batchSize) break;
    const last: StoredRow = rows.at(-1)!;
    after = { key: last.chain_key ?? "", seq: Number(last.chain_seq ?? 0) };
  }
  return { ok: true, events: walker.events, chains: walker.chains, headsDigest: walker.headsDigest() };
}
