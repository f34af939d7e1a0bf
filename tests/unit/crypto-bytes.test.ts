import { describe, expect, it } from "vitest";
import { decryptBytes, encryptBytes, type Keyring } from "~/lib/crypto.server";

const keyring = (current: number, ...ids: number[]): Keyring => ({
  currentKeyId: current,
  encryptionKeys: new Map(ids.map((id) => [id, Buffer.alloc(32, id)])),
  hmacKey: Buffer.alloc(32, 9),
});

const plain = Buffer.from("Läkarintyg för Eva: arbetsförmåga 50 %. MARKER-7f3a", "utf8");

describe("encryption of bytes at rest", () => {
  it("round-trips, in the documented layout, without the plain bytes", () => {
    const keys = keyring(3, 3);
    const stored = encryptBytes(plain, keys);
    expect(stored.length).toBe(plain.length + 31);
    expect(stored[0]).toBe(1); // format version
    expect(stored.readUInt16BE(1)).toBe(3); // key id
    expect(stored.includes(Buffer.from("MARKER-7f3a"))).toBe(false);
    expect(decryptBytes(stored, keys).equals(plain)).toBe(true);
  });

  it("round-trips empty and large values, and a Uint8Array view", () => {
    const keys = keyring(1, 1);
    expect(decryptBytes(encryptBytes(Buffer.alloc(0), keys), keys).length).toBe(0);
    const large = Buffer.alloc(3 * 1024 * 1024 + 7, 0xab);
    expect(decryptBytes(encryptBytes(large, keys), keys).equals(large)).toBe(true);
    const stored = encryptBytes(plain, keys);
    const view = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
    expect(decryptBytes(view, keys).equals(plain)).toBe(true);
  });

  it("uses a fresh IV each time", () => {
    const keys = keyring(1, 1);
    const a = encryptBytes(plain, keys);
    const b = encryptBytes(plain, keys);
    expect(a.subarray(3, 15).equals(b.subarray(3, 15))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it.each([
    ["the ciphertext", 40],
    ["the tag", 20],
    ["the IV", 5],
    ["the key id (to another configured key)", 1],
    ["the format version", 0],
  ])("detects a change to %s", (_, offset) => {
    const keys = keyring(1, 1, 0x0101);
    const stored = encryptBytes(plain, keys);
    stored[offset] = stored[offset]! ^ 1;
    expect(() => decryptBytes(stored, keys)).toThrow();
  });

  it("refuses a truncated value and one with the last byte gone", () => {
    const keys = keyring(1, 1);
    const stored = encryptBytes(plain, keys);
    expect(() => decryptBytes(stored.subarray(0, 20), keys)).toThrow(/malformed/);
    expect(() => decryptBytes(stored.subarray(0, stored.length - 1), keys)).toThrow();
  });

  it("decrypts values under an older key after rotation, encrypts under the new one", () => {
    const old = encryptBytes(plain, keyring(1, 1));
    const rotated = keyring(2, 2, 1);
    expect(decryptBytes(old, rotated).equals(plain)).toBe(true);
    expect(encryptBytes(plain, rotated).readUInt16BE(1)).toBe(2);
    expect(() => decryptBytes(old, keyring(2, 2))).toThrow(/key 1 is not configured/);
  });

  it("refuses a key id that does not fit two bytes", () => {
    expect(() => encryptBytes(plain, keyring(70000, 70000))).toThrow(/0–65535/);
  });
});
