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

/**
 * Bytes (attachment chunks) encrypted under the same keyring as `encrypt`, in a binary layout
 * so that nothing is base64-inflated or turned into a string:
 *
 * | offset | length | content                                         |
 * | ------ | ------ | ----------------------------------------------- |
 * | 0      | 1      | format version, `1`                             |
 * | 1      | 2      | key id, unsigned big-endian (0–65535)           |
 * | 3      | 12     | IV (random for every value)                     |
 * | 15     | 16     | GCM authentication tag                          |
 * | 31     | n      | ciphertext (as long as the plain bytes)         |
 *
 * The header (version and key id) is authenticated as additional data, so neither can be
 * changed without `decryptBytes` failing.
 */
const bytesFormat = 1;
const bytesHeader = 1 + 2 + 12 + 16;

/** Encrypts `plain` under the current key; the result is `plain.length + 31` bytes (layout above). */
export function encryptBytes(plain: Buffer | Uint8Array, keys: Keyring = keyring()): Buffer {
  const keyId = keys.currentKeyId;
  const key = keys.encryptionKeys.get(keyId);
  if (!key) throw new Error(`Encryption key ${keyId} is not configured`);
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xffff) throw new Error(`Encryption key id ${keyId} does not fit the binary format (0–65535)`);
  const stored = Buffer.allocUnsafe(bytesHeader + plain.length);
  stored.writeUInt8(bytesFormat, 0);
  stored.writeUInt16BE(keyId, 1);
  const iv = randomBytes(12);
  iv.copy(stored, 3);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(stored.subarray(0, 3));
  const first = cipher.update(plain);
  first.copy(stored, bytesHeader);
  const last = cipher.final();
  last.copy(stored, bytesHeader + first.length);
  cipher.getAuthTag().copy(stored, 15);
  return stored;
}

/**
 * The plain bytes of a value made by `encryptBytes`, under whichever configured key encrypted
 * it. Throws when the value is malformed, its key is not configured, or it was altered.
 */
export function decryptBytes(stored: Buffer | Uint8Array, keys: Keyring = keyring()): Buffer {
  const bytes = Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (bytes.length < bytesHeader || bytes.readUInt8(0) !== bytesFormat) throw new Error("Encrypted value is malformed");
  const keyId = bytes.readUInt16BE(1);
  const key = keys.encryptionKeys.get(keyId);
  if (!key) throw new Error(`Encryption key ${keyId} is not configured`);
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(3, 15));
  decipher.setAAD(bytes.subarray(0, 3));
  decipher.setAuthTag(bytes.subarray(15, bytesHeader));
  return Buffer.concat([decipher.update(bytes.subarray(bytesHeader)), decipher.final()]);
}
