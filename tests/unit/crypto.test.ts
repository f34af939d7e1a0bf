import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt, lookupHmac, type Keyring } from "~/lib/crypto.server";

const keyring = (current: number, ...ids: number[]): Keyring => ({
  currentKeyId: current,
  encryptionKeys: new Map(ids.map((id) => [id, Buffer.alloc(32, id)])),
  hmacKey: Buffer.alloc(32, 9),
});

describe("encryption at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const keys = keyring(1, 1);
    const stored = encrypt("198804129826", keys);
    expect(stored).not.toContain("198804129826");
    expect(stored.startsWith("v1.")).toBe(true);
    expect(decrypt(stored, keys)).toBe("198804129826");
  });

  it("uses a fresh IV each time", () => {
    const keys = keyring(1, 1);
    expect(encrypt("same", keys)).not.toBe(encrypt("same", keys));
  });

  it("rejects a tampered ciphertext", () => {
    const keys = keyring(1, 1);
    const parts = encrypt("198804129826", keys).split(".");
    const ciphertext = Buffer.from(parts[3]!, "base64url");
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[3] = ciphertext.toString("base64url");
    expect(() => decrypt(parts.join("."), keys)).toThrow();
  });

  it("decrypts values under an older key after rotation, encrypts under the new one", () => {
    const old = encrypt("secret", keyring(1, 1));
    const rotated = keyring(2, 2, 1);
    expect(decrypt(old, rotated)).toBe("secret");
    expect(encrypt("secret", rotated).startsWith("v2.")).toBe(true);
    expect(() => decrypt(old, keyring(2, 2))).toThrow(/key 1 is not configured/);
  });

  it("rejects malformed values", () => {
    expect(() => decrypt("plain text", keyring(1, 1))).toThrow(/malformed/);
  });
});

describe("lookup HMAC", () => {
  it("is deterministic per key and differs between keys", () => {
    const a = keyring(1, 1);
    const b = { ...a, hmacKey: randomBytes(32) };
    expect(lookupHmac("198804129826", a)).toBe(lookupHmac("198804129826", a));
    expect(lookupHmac("198804129826", a)).not.toBe(lookupHmac("198804129826", b));
    expect(lookupHmac("198804129826", a)).toMatch(/^[0-9a-f]{64}$/);
  });
});
