import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, totpCode, totpUri, verifyTotp } from "~/lib/auth/totp.server";

// RFC 6238 appendix B: the SHA-1 secret is the ASCII string "12345678901234567890".
const rfcSecret = base32Encode(Buffer.from("12345678901234567890"));

describe("TOTP (RFC 6238)", () => {
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
    [20000000000, "353130"],
  ])("matches the RFC test vector at %i s", (seconds, code) => {
    expect(totpCode(rfcSecret, new Date(seconds * 1000))).toBe(code);
  });

  it("matches RFC 4226's HOTP vectors", () => {
    const secret = Buffer.from("12345678901234567890");
    expect([0, 1, 2, 9].map((counter) => hotp(secret, counter))).toEqual(["755224", "287082", "359152", "520489"]);
  });

  it("accepts one step either side and nothing further", () => {
    const at = new Date(1_700_000_000_000);
    const step = Math.floor(at.getTime() / 30_000);
    const codeAt = (offsetSteps: number) => totpCode(rfcSecret, new Date(at.getTime() + offsetSteps * 30_000));
    expect(verifyTotp(rfcSecret, codeAt(0), at)).toBe(step);
    expect(verifyTotp(rfcSecret, codeAt(-1), at)).toBe(step - 1);
    expect(verifyTotp(rfcSecret, codeAt(1), at)).toBe(step + 1);
    expect(verifyTotp(rfcSecret, codeAt(-2), at)).toBeNull();
    expect(verifyTotp(rfcSecret, codeAt(2), at)).toBeNull();
  });

  it("refuses a code from a step already used", () => {
    const at = new Date(1_700_000_000_000);
    const step = Math.floor(at.getTime() / 30_000);
    const code = totpCode(rfcSecret, at);
    expect(verifyTotp(rfcSecret, code, at, step)).toBeNull();
    expect(verifyTotp(rfcSecret, code, at, step - 1)).toBe(step);
  });

  it("refuses malformed codes", () => {
    expect(verifyTotp(rfcSecret, "12345", new Date())).toBeNull();
    expect(verifyTotp(rfcSecret, "abcdef", new Date())).toBeNull();
  });

  it("round-trips base32 and builds an otpauth URI", () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 128, 64]);
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    const uri = new URL(totpUri(rfcSecret, "sara@berg.samsyn.example"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(rfcSecret);
    expect(uri.searchParams.get("period")).toBe("30");
  });
});
