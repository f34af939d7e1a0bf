import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../../app/lib/db.server";
import { e2eBaseUrl, e2eDir, e2ePort, serverLogFile } from "./server";

/**
 * Starts the built portal for the browser tests, on a database of its own: a new database
 * on the PostgreSQL server in DATABASE_URL when set, else a new PGlite folder. Its log goes
 * to a file that tests read. Returns the teardown.
 */
export default async function globalSetup() {
  rmSync(e2eDir, { recursive: true, force: true });
  mkdirSync(e2eDir, { recursive: true });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    PORT: String(e2ePort),
    SAMSYN_DATA_DIR: path.join(e2eDir, "data"),
    SAMSYN_FAULT_INJECTION: "1",
  };
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `samsyn_e2e_${randomBytes(6).toString("hex")}`;
    const admin = openDatabase({ url: process.env.DATABASE_URL });
    await admin.rows(sql.raw(`create database ${name}`));
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      await admin.rows(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    };
  }

  const logFd = openSync(serverLogFile, "a");
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env,
    stdio: ["ignore", logFd, logFd],
  });
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The e2e server exited (${server.exitCode}); see ${serverLogFile}`);
    if (Date.now() > deadline) throw new Error(`The e2e server did not answer within 60 s; see ${serverLogFile}`);
    const ok = await fetch(`${e2eBaseUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return async () => {
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
    await dropDatabase();
  };
}
