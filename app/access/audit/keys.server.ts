import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { getEnv } from "~/lib/env.server";

/**
 * The keys that sign and verify the audit trail's seals (ADR 0014): Ed25519 through node:crypto.
 * The private key lives in the app's environment (SAMSYN_AUDIT_SIGNING_KEY, or the development key
 * file), never in the database; the verifier needs only public keys.
 */

/** Signs seal texts with one private key. */
export interface AuditSigner {
  /** 16 hex digits identifying the key pair (`auditKeyId`). */
  keyId: string;
  /** The Ed25519 signature of `text` (UTF-8), base64. */
  sign(text: string): string;
}

/** A key's id: the first 16 hex digits of the SHA-256 of its public key as SPKI DER. */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("hex").slice(0, 16);
}

/** A signer for an Ed25519 private key given as PKCS#8 DER. Throws if the bytes are not one. */
export function auditSignerFor(pkcs8: Buffer): AuditSigner {
  const privateKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  if (privateKey.asymmetricKeyType !== "ed25519") throw new TypeError("The audit signing key must be an Ed25519 key");
  return {
    keyId: auditKeyId(createPublicKey(privateKey)),
    // Ed25519 hashes internally: node:crypto takes no digest name for it.
    sign: (text) => sign(null, Buffer.from(text, "utf8"), privateKey).toString("base64"),
  };
}

/** The app's signer, from the environment. */
export function auditSigner(): AuditSigner {
  return auditSignerFor(getEnv().auditSigningKey);
}

/** Public keys by key id, from SPKI DER. Throws if one is not an Ed25519 public key. */
export function auditVerifyKeys(spkiKeys: Buffer[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const der of spkiKeys) {
    const publicKey = createPublicKey({ key: der, format: "der", type: "spki" });
    if (publicKey.asymmetricKeyType !== "ed25519") throw new TypeError("An audit verify key must be an Ed25519 key");
    keys.set(auditKeyId(publicKey), publicKey);
  }
  return keys;
}

/** Whether `signature` (base64) is `publicKey`'s signature of `text`. False for malformed input. */
export function verifySignature(publicKey: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, "utf8"), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
