import { createHmac } from "node:crypto";
import { keyChecks } from "../../db/schema";
import type { Keyring } from "./crypto.server";
import type { Database } from "./db.server";

/**
 * The start-up check that this instance's keys are the ones the database was written with
 * (issue 14: two instances that each made their own development keys answered 500 to each
 * other's data). For every encryption key version and the HMAC key it compares a check value —
 * HMAC-SHA256 of a fixed label under the key — with the one recorded by the first instance that
 * used that key, and records the ones not seen before. Call it under the startup lock.
 */
export interface KeyMismatch {
  purpose: "encryption" | "hmac";
  keyId: number;
}

const label = (purpose: KeyMismatch["purpose"], keyId: number) => `samsyn key check: ${purpose} ${keyId}`;

/** The check value of one key (hex): a MAC of a public label, which tells keys apart and reveals nothing about them. */
export function keyCheckValue(key: Buffer, purpose: KeyMismatch["purpose"], keyId: number): string {
  return createHmac("sha256", key).update(label(purpose, keyId), "utf8").digest("hex");
}

/**
 * The keys that differ from the ones the database recorded (empty when all agree); records the
 * check values of keys it has not seen. Keys the database knows but this instance lacks are not a
 * mismatch (an old key retired after its data was re-encrypted).
 */
export async function checkKeys(db: Database, keys: Keyring): Promise<KeyMismatch[]> {
  const mine = [
    ...[...keys.encryptionKeys].map(([keyId, key]) => ({ purpose: "encryption" as const, keyId, check: keyCheckValue(key, "encryption", keyId) })),
    { purpose: "hmac" as const, keyId: 0, check: keyCheckValue(keys.hmacKey, "hmac", 0) },
  ];
  const recorded = new Map((await db.select().from(keyChecks)).map((row) => [`${row.purpose}:${row.keyId}`, row.check]));
  const mismatches: KeyMismatch[] = [];
  for (const key of mine) {
    const known = recorded.get(`${key.purpose}:${key.keyId}`);
    if (known === undefined) await db.insert(keyChecks).values(key).onConflictDoNothing();
    else if (known !== key.check) mismatches.push({ purpose: key.purpose, keyId: key.keyId });
  }
  return mismatches;
}

/** One line for the operator: which key differs, and what to do. */
export function describeKeyMismatch(mismatches: KeyMismatch[], devKeys: boolean): string {
  const which = mismatches.map((mismatch) => (mismatch.purpose === "hmac" ? "the HMAC key (SAMSYN_HMAC_KEY)" : `encryption key ${mismatch.keyId} (SAMSYN_ENCRYPTION_KEYS)`)).join(" and ");
  const source = devKeys ? " This instance made its own development keys in its data folder: give every instance the same SAMSYN_ENCRYPTION_KEYS and SAMSYN_HMAC_KEY." : " Give this instance the keys the others use.";
  return `Samsyn cannot start: ${which} differ${mismatches.length === 1 ? "s" : ""} from the one${mismatches.length === 1 ? "" : "s"} this database was written with, so its data could not be read.${source}`;
}
