import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * `npm start`: builds the app when there is no build or a source file is newer than it,
 * then starts the server (which migrates and, on a new database, seeds the demo world).
 */
const buildMarker = path.resolve("build/server/index.js");
// db/ too: the Remix build bundles db/schema and db/catalogue; any file there counts, to keep it simple.
const sources = ["app", "db", "public", "vite.config.ts", "remix.config.js", "package.json"];

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const builtAt = existsSync(buildMarker) ? statSync(buildMarker).mtimeMs : 0;
if (Math.max(...sources.filter(existsSync).map(newestChange)) > builtAt) {
  console.log("Building Samsyn…");
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: "inherit",
  });
}

await import("../server");
