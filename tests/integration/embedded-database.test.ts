import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~/lib/db.server";

// The embedded database starts with small shared buffers (pgliteStartParams): PGlite zeroes them
// at every start, and 128 MB cost half a second of each `npm start` and each test file.
describe("the embedded database (PGlite)", () => {
  it("starts with 16 MB of shared buffers, in memory and in a data folder", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "samsyn-embedded-"));
    try {
      for (const target of [{ memory: true as const }, { dataDir: path.join(folder, "pglite") }]) {
        const database = openDatabase(target);
        try {
          expect((await database.query("show shared_buffers")).rows).toEqual([{ shared_buffers: "16MB" }]);
        } finally {
          await database.close();
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
