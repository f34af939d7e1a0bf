import { createHash, randomBytes } from "node:crypto";

/** SHA-256 hex: for high-entropy secrets (recovery codes, enrolment tokens), never passwords. */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** A URL-safe random token with 256 bits of entropy. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten one-time recovery codes like "k7m2-9qxp-4hd3" (about 70 bits each). */
export function generateRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = [...randomBytes(12)].map((byte) => recoveryAlphabet[byte % recoveryAlphabet.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normalizeRecoveryCode(input: string): string {
  const chars = input.toLowerCase().replace(/[^a-z0-9]/g, "");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}
