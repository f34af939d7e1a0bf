import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `npm run db:seed | db:reset` with NODE_ENV=production must stop before touching the database:
// the demo world would bring staff accounts with the public demo password and TOTP secret.
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function runDbScript(command: string, dataDir: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/db.ts", command], {
    env: { NODE_ENV: "production", SAMSYN_DATA_DIR: dataDir, PATH: process.env.PATH, HOME: process.env.HOME } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe("scripts/db.ts in production", () => {
  it.each(["seed", "reset"])("refuses %s with one line and exit code 1, leaving the database alone", (command) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "samsyn-db-script-"));
    folders.push(dataDir);
    mkdirSync(path.join(dataDir, "pglite"));
    writeFileSync(path.join(dataDir, "pglite", "PG_VERSION"), "17\n");

    const { status, stdout, stderr } = runDbScript(command, dataDir);

    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `Samsyn will not ${command} a production database (NODE_ENV=production): demo accounts use public credentials.`,
    );
    // Nothing deleted (reset), opened or created (development keys, a new database).
    expect(existsSync(path.join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
    expect(readdirSync(dataDir)).toEqual(["pglite"]);
    expect(readdirSync(path.join(dataDir, "pglite"))).toEqual(["PG_VERSION"]);
  });
});
