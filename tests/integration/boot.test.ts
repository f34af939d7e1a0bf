import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The real server entry, started with a bad environment, must stop at once with one line.
function boot(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe("server boot", () => {
  it("refuses a bad PORT with a one-line explanation", () => {
    const { status, stderr } = boot({ PORT: "abc" });
    expect(status).toBe(1);
    expect(stderr).toBe("Samsyn cannot start: PORT is not valid: expected a whole number between 1 and 65535.");
  });

  it("refuses production on PostgreSQL without explicit keys", () => {
    const { status, stderr } = boot({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://127.0.0.1:9/none",
      OIDC_ISSUER: "https://eid.example",
      OIDC_CLIENT_ID: "samsyn",
      OIDC_CLIENT_SECRET: "secret",
    });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^Samsyn cannot start: SAMSYN_ENCRYPTION_KEYS is missing: in production it must be set explicitly/);
  });
});
