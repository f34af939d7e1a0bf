import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The multi-instance test (tests/cluster): two instances behind HAProxy on a PostgreSQL server of
 * the test's own. Needs Debian's haproxy and postgresql packages; without them the test is skipped
 * loudly, except with CI=true, where that fails the run (as the browser tests do). Builds first.
 */
const haproxy = process.env.HAPROXY_PATH ?? "/usr/sbin/haproxy";
const initdb = path.join(process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin", "initdb");
const missing = [haproxy, initdb].filter((file) => !existsSync(file));
if (missing.length > 0) {
  const banner = "!".repeat(78);
  console.error(
    [
      banner,
      `MULTI-INSTANCE TEST ${process.env.CI === "true" ? "FAILED" : "SKIPPED"}: ${missing.join(" and ")} not found.`,
      "Install Debian's packages with:  sudo apt-get install -y haproxy postgresql",
      "or point HAPROXY_PATH / POSTGRES_BIN (the folder of initdb and pg_ctl) at them.",
      banner,
    ].join("\n"),
  );
  process.exit(process.env.CI === "true" ? 1 : 0);
}

const bin = (name: string) => path.resolve("node_modules/.bin", name);
const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: "inherit" }).status ?? 1;

// The Remix build and the bundled server.ts, as `npm start` runs them.
const built = run(process.execPath, ["scripts/start.mjs", "--build"]);
if (built !== 0) process.exit(built);
process.exit(run(bin("vitest"), ["run", "--config", "vitest.cluster.config.ts", ...process.argv.slice(2)]));
