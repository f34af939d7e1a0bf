import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { getEnv } from "./env.server";

/**
 * AES-256-GCM under versioned keys. The stored form is `v<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url parts), so a key can be rotated by putting a new one first in
 * SAMSYN_ENCRYPTION_KEYS while older values still decrypt.
 */
export interface Keyring {
  encryptionKeys: Map<number, Buffer>;
  currentKeyId: number;
  hmacKey: Buffer;
}

const keyring = (): Keyring => getEnv();

export function encrypt(plaintext: string, keys: Keyring = keyring()): string {
  const key = keys.encryptionKeys.get(keys.currentKeyId);
  if (!key) throw new Error(`Encryption key ${keys.currentKeyId} is not configured`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [`v${keys.currentKeyId}`, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decrypt(stored: string, keys: Keyring = keyring()): string {
  const [version, iv, tag, ciphertext, ...rest] = stored.split(".");
  const keyId = Number(version?.slice(1));
  const key = keys.encryptionKeys.get(keyId);
  if (!version?.startsWith("v") || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new Error("Encrypted value is malformed");
  }
  if (!key) throw new Error(`Encryption key ${keyId} is not configured`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** Keyed hash for equality lookups of values stored encrypted (personal identity numbers). */
export function lookupHmac(value: string, keys: Keyring = keyring()): string {
  return createHmac("sha256", keys.hmacKey).update(value, "utf8").digest("hex");
}
