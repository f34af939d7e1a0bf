import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import path from "node:path";

/**
 * `npm run fuzz [-- --seed N --runs N]`: the malformed-input fuzz (tests/integration/fuzz-routes.test.ts)
 * for longer than `npm test` runs it (400 tries per route and method instead of 40) and with a
 * random seed, which it prints first so that a failure can be replayed with `--seed`.
 * Runs on PostgreSQL when DATABASE_URL is set, else on PGlite, like the tests.
 */
const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const seed = option("seed") ?? String(randomInt(1, 2 ** 31 - 1));
const runs = option("runs") ?? "400";
console.log(`fuzz: seed ${seed}, ${runs} tries per route and method (replay: npm run fuzz -- --seed ${seed} --runs ${runs})`);
const result = spawnSync(path.resolve("node_modules/.bin/vitest"), ["run", "tests/integration/fuzz-routes.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
console.log(`fuzz: seed ${seed} ${result.status === 0 ? "passed" : "FAILED"}`);
process.exit(result.status ?? 1);
