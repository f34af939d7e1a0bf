import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The multi-instance test (tests/cluster): real processes, its own PostgreSQL server and HAProxy.
// Run by `npm run test:cluster` (scripts/test-cluster.ts), after a build.
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/cluster/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
