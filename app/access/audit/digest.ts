import { createHash } from "node:crypto";

/**
 * The audit trail's digests (ADR 0014), computed here in Node and never by a database function:
 * the canonical text of one event, its SHA-256, a seal's root and the text a seal's signature
 * covers. Pure: no I/O. Every format carries a version tag, so that a later change of format is a
 * new tag rather than a silent reinterpretation of old seals.
 */

/** Every column of audit_events, in the order the canonical text lists them. */
export const auditEventColumns = [
  "id",
  "occurred_at",
  "actor_type",
  "actor_user_id",
  "actor_client_id",
  "organization_id",
  "unit_id",
  "role",
  "action",
  "outcome",
  "reason",
  "client_id",
  "case_id",
  "resource_type",
  "resource_id",
  "category",
  "basis",
  "request_id",
  "details",
  "reads",
] as const;

export type AuditEventColumn = (typeof auditEventColumns)[number];

/**
 * One event as text, each column exactly as `readEventTexts` (read.server.ts) reads it: ids and
 * enums as text, occurred_at as UTC with microseconds (`2026-03-05T10:34:56.789012Z`), jsonb as
 * PostgreSQL prints it; null stays null.
 */
export type EventText = Record<AuditEventColumn, string | null>;

/** SHA-256 digests are 32 bytes; seals store them back to back. */
export const digestBytes = 32;

/** The previous root of seal 1. */
export const genesisRoot = "0".repeat(64);

/**
 * The canonical text of one event: a JSON array of a version tag and every column in
 * `auditEventColumns` order. JSON keeps field boundaries unambiguous (a comma inside a reason
 * cannot shift a field) and tells null from the text "null".
 */
export function canonicalEvent(event: EventText): string {
  return JSON.stringify(["samsyn.audit_event.v1", ...auditEventColumns.map((column) => event[column])]);
}

/** SHA-256 (32 bytes) of the event's canonical text in UTF-8. */
export function eventDigest(event: EventText): Buffer {
  return createHash("sha256").update(canonicalEvent(event), "utf8").digest();
}

/** Where a seal sits: its number, the ids it covers and the root it continues. */
export interface SealPosition {
  seq: number;
  firstId: number;
  lastId: number;
  /** Ids in [firstId, lastId] without an event, ascending. */
  absentIds: number[];
  eventCount: number;
  /** Hex SHA-256 root of the previous seal, `genesisRoot` for seal 1. */
  prevRoot: string;
}

/**
 * A seal's root, hex SHA-256: a hash chain that continues the previous seal's root through this
 * seal's position and the digests of its events in id order —
 * SHA-256(JSON header "\n" ‖ digest₁ ‖ … ‖ digestₙ), the header naming the version, prevRoot,
 * seq, firstId, lastId, absentIds and eventCount. `digests` is the concatenation of the events'
 * 32-byte digests. Throws RangeError unless it holds exactly `eventCount` digests.
 */
export function sealRoot(position: SealPosition, digests: Buffer): string {
  if (digests.length !== position.eventCount * digestBytes) {
    throw new RangeError(`A seal of ${position.eventCount} events needs ${position.eventCount * digestBytes} digest bytes, not ${digests.length}`);
  }
  const { prevRoot, seq, firstId, lastId, absentIds, eventCount } = position;
  const header = JSON.stringify(["samsyn.audit_root.v1", prevRoot, seq, firstId, lastId, absentIds, eventCount]);
  return createHash("sha256").update(`${header}\n`, "utf8").update(digests).digest("hex");
}

/** Everything a seal's signature covers. */
export interface SealFields extends SealPosition {
  root: string;
  /** When it was sealed, UTC with microseconds as the database stores it: `2026-03-05T10:34:56.789012Z`. */
  sealedAt: string;
  /** The signing key's id (keys.server.ts). */
  keyId: string;
}

/**
 * The text a seal's Ed25519 signature covers: a JSON array of a version tag and every field of
 * the seal except the signature and the event digests (the root covers those).
 */
export function canonicalSeal(seal: SealFields): string {
  const { seq, firstId, lastId, absentIds, eventCount, prevRoot, root, sealedAt, keyId } = seal;
  return JSON.stringify(["samsyn.audit_seal.v1", seq, firstId, lastId, absentIds, eventCount, prevRoot, root, sealedAt, keyId]);
}
