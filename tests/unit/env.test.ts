import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseAuditorEnv, parseEnv } from "~/lib/env.server";

const key = Buffer.alloc(32, 7).toString("base64");
const tempDir = () => mkdtempSync(path.join(tmpdir(), "samsyn-env-"));

/** An Ed25519 key pair as the variables take it: PKCS#8 and SPKI DER in base64. */
function auditKeyPair() {
  const pair = generateKeyPairSync("ed25519");
  return {
    signing: pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    verify: pair.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
  };
}
const publicKeyOf = (pkcs8: Buffer) => createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).export({ format: "der", type: "spki" });

function errorOf(source: Record<string, string>, parse: (source: Record<string, string>) => unknown = parseEnv): EnvError {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("parseEnv", () => {
  it("uses the defaults: port 3000, ./.data, embedded database, generated development keys", () => {
    const dataDir = tempDir();
    const env = parseEnv({ SAMSYN_DATA_DIR: dataDir });
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBeUndefined();
    expect(env.dataDir).toBe(dataDir);
    expect(env.devKeys).toBe(true);
    expect(env.encryptionKeys.get(env.currentKeyId)).toHaveLength(32);
    expect(createPrivateKey({ key: env.auditSigningKey, format: "der", type: "pkcs8" }).asymmetricKeyType).toBe("ed25519");
    expect(env.auditVerifyKeys).toEqual([publicKeyOf(env.auditSigningKey)]);
    expect(parseEnv({}).dataDir).toBe(path.resolve(".data"));
  });

  it("creates development keys once, owner-readable only, and reuses them", () => {
    const dataDir = tempDir();
    const first = parseEnv({ SAMSYN_DATA_DIR: dataDir });
    const second = parseEnv({ SAMSYN_DATA_DIR: dataDir });
    expect(second.hmacKey.equals(first.hmacKey)).toBe(true);
    expect(second.auditSigningKey.equals(first.auditSigningKey)).toBe(true);
    const file = path.join(dataDir, "dev-keys.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored.hmac).toBe(first.hmacKey.toString("base64"));
    expect(stored.auditSigning).toBe(first.auditSigningKey.toString("base64"));
  });

  it("adds an audit signing key to a development key file from before it existed, keeping the other keys", () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, "dev-keys.json");
    const older = { encryption: `1:${key}`, hmac: key };
    writeFileSync(file, JSON.stringify(older), { mode: 0o644 });
    const env = parseEnv({ SAMSYN_DATA_DIR: dataDir });
    expect(env.encryptionKeys.get(1)?.toString("base64")).toBe(key);
    expect(env.hmacKey.toString("base64")).toBe(key);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored).toEqual({ ...older, auditSigning: env.auditSigningKey.toString("base64") });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseEnv({ SAMSYN_DATA_DIR: dataDir }).auditSigningKey.equals(env.auditSigningKey)).toBe(true);
  });

  it("takes the audit signing key and the keys that verify it from the environment", () => {
    const current = auditKeyPair();
    const earlier = auditKeyPair();
    const env = parseEnv({ SAMSYN_DATA_DIR: tempDir(), SAMSYN_AUDIT_SIGNING_KEY: current.signing });
    expect(env.auditSigningKey.toString("base64")).toBe(current.signing);
    expect(env.auditVerifyKeys.map((k) => k.toString("base64"))).toEqual([current.verify]);
    const rotated = parseEnv({ SAMSYN_DATA_DIR: tempDir(), SAMSYN_AUDIT_SIGNING_KEY: current.signing, SAMSYN_AUDIT_VERIFY_KEY: `${earlier.verify}, ${current.verify}` });
    expect(rotated.auditVerifyKeys.map((k) => k.toString("base64"))).toEqual([earlier.verify, current.verify]);

    const forgotten = errorOf({ SAMSYN_DATA_DIR: tempDir(), SAMSYN_AUDIT_SIGNING_KEY: current.signing, SAMSYN_AUDIT_VERIFY_KEY: earlier.verify });
    expect(forgotten.variable).toBe("SAMSYN_AUDIT_VERIFY_KEY");
    expect(forgotten.message).toMatch(/does not include the public key of SAMSYN_AUDIT_SIGNING_KEY/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
    expect(errorOf({ SAMSYN_AUDIT_SIGNING_KEY: rsa }).variable).toBe("SAMSYN_AUDIT_SIGNING_KEY");
    expect(errorOf({ SAMSYN_AUDIT_SIGNING_KEY: current.verify }).variable).toBe("SAMSYN_AUDIT_SIGNING_KEY");
    expect(errorOf({ SAMSYN_AUDIT_VERIFY_KEY: `${current.verify},nonsense` }).message).toBe(
      "Samsyn cannot start: SAMSYN_AUDIT_VERIFY_KEY is not valid: expected Ed25519 public keys as SPKI DER in base64, comma-separated (from the private key: base64 -d | openssl pkey -inform DER -pubout -outform DER | base64 -w0).",
    );
  });

  it("lets the auditor's verify run with the public key alone, without the app's secrets", () => {
    const pair = auditKeyPair();
    const production = { NODE_ENV: "production", DATABASE_URL: "postgres://auditor@db.example/samsyn" };
    const auditor = parseAuditorEnv({ ...production, SAMSYN_AUDIT_VERIFY_KEY: pair.verify });
    expect(auditor.databaseUrl).toBe(production.DATABASE_URL);
    expect(auditor.auditVerifyKeys.map((k) => k.toString("base64"))).toEqual([pair.verify]);
    expect(errorOf({ ...production, SAMSYN_AUDIT_VERIFY_KEY: "c2hvcnQ=" }, parseAuditorEnv).variable).toBe("SAMSYN_AUDIT_VERIFY_KEY");
    // Without a verify key it needs what the app needs, and derives the public key from the signing key.
    expect(errorOf(production, parseAuditorEnv).variable).toBe("OIDC_ISSUER");
    const dev = parseAuditorEnv({ SAMSYN_DATA_DIR: tempDir(), SAMSYN_AUDIT_SIGNING_KEY: pair.signing });
    expect(dev.auditVerifyKeys.map((k) => k.toString("base64"))).toEqual([pair.verify]);
  });

  it("names the variable and what is expected, in one line", () => {
    const error = errorOf({ PORT: "eighty" });
    expect(error.message).toBe("Samsyn cannot start: PORT is not valid: expected a whole number between 1 and 65535.");
    expect(error.message).not.toContain("\n");
    expect(errorOf({ PORT: "70000" }).variable).toBe("PORT");
    expect(errorOf({ DATABASE_URL: "mysql://x/y" }).variable).toBe("DATABASE_URL");
    expect(errorOf({ NODE_ENV: "staging" }).variable).toBe("NODE_ENV");
    expect(errorOf({ SAMSYN_HMAC_KEY: "c2hvcnQ=" }).variable).toBe("SAMSYN_HMAC_KEY");
    expect(errorOf({ SAMSYN_ENCRYPTION_KEYS: `one:${key}` }).variable).toBe("SAMSYN_ENCRYPTION_KEYS");
    expect(errorOf({ OIDC_ISSUER: "not a url" }).variable).toBe("OIDC_ISSUER");
  });

  it("requires all three OIDC variables or none", () => {
    const error = errorOf({ OIDC_ISSUER: "https://idp.example", OIDC_CLIENT_ID: "samsyn", SAMSYN_DATA_DIR: tempDir() });
    expect(error.variable).toBe("OIDC_CLIENT_SECRET");
  });

  it("requires explicit keys in production with PostgreSQL", () => {
    const oidc = { OIDC_ISSUER: "https://eid.example", OIDC_CLIENT_ID: "samsyn", OIDC_CLIENT_SECRET: "s3cret" };
    const production = { NODE_ENV: "production", DATABASE_URL: "postgres://db.example/samsyn", ...oidc };
    expect(errorOf(production).variable).toBe("SAMSYN_ENCRYPTION_KEYS");
    expect(errorOf({ ...production, SAMSYN_ENCRYPTION_KEYS: `1:${key}` }).variable).toBe("SAMSYN_HMAC_KEY");
    const withoutSigning = errorOf({ ...production, SAMSYN_ENCRYPTION_KEYS: `1:${key}`, SAMSYN_HMAC_KEY: key });
    expect(withoutSigning.message).toBe(
      "Samsyn cannot start: SAMSYN_AUDIT_SIGNING_KEY is missing: in production it must be set explicitly, as an Ed25519 private key as PKCS#8 DER in base64 (openssl genpkey -algorithm ed25519 -outform DER | base64 -w0).",
    );
    const env = parseEnv({ ...production, SAMSYN_ENCRYPTION_KEYS: `2:${key},1:${key}`, SAMSYN_HMAC_KEY: key, SAMSYN_AUDIT_SIGNING_KEY: auditKeyPair().signing });
    expect(env.devKeys).toBe(false);
    expect(env.currentKeyId).toBe(2);
    expect([...env.encryptionKeys.keys()]).toEqual([2, 1]);
  });

  it("refuses the bundled test e-ID in production", () => {
    const error = errorOf({ NODE_ENV: "production", DATABASE_URL: "postgres://db.example/samsyn" });
    expect(error.variable).toBe("OIDC_ISSUER");
    expect(error.message).toMatch(/real e-ID broker/);
  });

  it("puts the test e-ID provider next to the portal unless told otherwise", () => {
    const dataDir = tempDir();
    expect(parseEnv({ PORT: "4000", SAMSYN_DATA_DIR: dataDir }).testEidPort).toBe(4001);
    expect(parseEnv({ SAMSYN_TEST_EID_PORT: "5555", SAMSYN_DATA_DIR: dataDir }).testEidPort).toBe(5555);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ PORT: "", SAMSYN_DATA_DIR: tempDir() }).port).toBe(3000);
  });
});
