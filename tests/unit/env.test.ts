import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/lib/env.server";

const key = Buffer.alloc(32, 7).toString("base64");
const tempDir = () => mkdtempSync(path.join(tmpdir(), "samsyn-env-"));

function errorOf(source: Record<string, string>): EnvError {
  try {
    parseEnv(source);
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
    expect(parseEnv({}).dataDir).toBe(path.resolve(".data"));
  });

  it("creates development keys once, owner-readable only, and reuses them", () => {
    const dataDir = tempDir();
    const first = parseEnv({ SAMSYN_DATA_DIR: dataDir });
    const second = parseEnv({ SAMSYN_DATA_DIR: dataDir });
    expect(second.hmacKey.equals(first.hmacKey)).toBe(true);
    const file = path.join(dataDir, "dev-keys.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).hmac).toBe(first.hmacKey.toString("base64"));
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
    const env = parseEnv({ ...production, SAMSYN_ENCRYPTION_KEYS: `2:${key},1:${key}`, SAMSYN_HMAC_KEY: key });
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
