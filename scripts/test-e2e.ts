import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Browser tests in Debian's Chromium. Without a browser they are skipped loudly, except
 * with CI=true, where a missing browser fails the run. Builds the app first so the tests
 * always see the current code.
 */
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const banner = "!".repeat(78);
  const message = [
    banner,
    `BROWSER TESTS ${process.env.CI === "true" ? "FAILED" : "SKIPPED"}: no Chromium at ${chromium}.`,
    "Install Debian's Chromium with:  sudo apt-get update && sudo apt-get install -y chromium",
    "or point CHROMIUM_PATH at a Chromium binary. Never `npx playwright install` here.",
    banner,
  ].join("\n");
  console.error(message);
  process.exit(process.env.CI === "true" ? 1 : 0);
}

const bin = (name: string) => path.resolve("node_modules/.bin", name);
const run = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH: chromium } }).status ?? 1;

const built = run(bin("remix"), ["vite:build"]);
if (built !== 0) process.exit(built);
process.exit(run(bin("playwright"), ["test", ...process.argv.slice(2)]));
