import { readFileSync } from "node:fs";
import path from "node:path";

/** Where the browser tests' own server listens and logs. */
export const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const e2eBaseUrl = `http://localhost:${e2ePort}`;
export const e2eDir = path.resolve(".tmp/e2e");
export const serverLogFile = path.join(e2eDir, "server.log");

/** The server's JSON log lines so far, for tests that check what was logged. */
export function serverLog(): Record<string, unknown>[] {
  return readFileSync(serverLogFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}
