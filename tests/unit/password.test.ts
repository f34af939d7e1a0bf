import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/lib/auth/password.server";
import { generateRecoveryCodes, normalizeRecoveryCode } from "~/lib/auth/tokens.server";

describe("password hashing", () => {
  it("uses argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("ett långt lösenord");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain("ett långt lösenord");
    expect(await verifyPassword(hash, "ett långt lösenord")).toBe(true);
    expect(await verifyPassword(hash, "ett långt lösenorD")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("says no, after the same work, when there is no hash", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes, and typing variations normalise to the stored form", () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(normalizeRecoveryCode(` ${codes[0]!.toUpperCase().replaceAll("-", " ")} `)).toBe(codes[0]);
  });
});
