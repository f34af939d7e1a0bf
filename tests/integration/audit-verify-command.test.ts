import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncCatalogue } from "../../db/catalogue";
import { syncActivityTypes } from "../../db/activity-types";
import { seedDemoWorld } from "../../db/seed";
import { openDatabase, useDatabase } from "~/lib/db.server";
import { recordAudit } from "~/access/audit/record.server";

// `npm run audit:verify` on an embedded database of its own: intact, then tampered with.
function runVerify(dataDir: string) {
  const env = { ...process.env, SAMSYN_DATA_DIR: dataDir, DATABASE_URL: "" };
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("npm run audit:verify", () => {
  it("reports an intact trail, then the first broken link with exit code 1", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "samsyn-verify-"));
    const pgliteDir = path.join(dataDir, "pglite");
    let handle = openDatabase({ dataDir: pgliteDir });
    await handle.migrate();
    await syncCatalogue(handle.db);
    await syncActivityTypes(handle.db);
    await seedDemoWorld(handle.db);
    useDatabase(handle);
    for (const action of ["auth.password", "auth.sign_in", "auth.sign_out"]) {
      await recordAudit(undefined, { requestId: "r", clientIp: undefined }, { actorType: "staff", actorUserId: "demo-sara", action, outcome: "success" });
    }
    useDatabase(undefined);
    await handle.close();

    const intact = runVerify(dataDir);
    expect(intact.out).toMatch(/Audit trail intact: 3 events in 1 chains/);
    expect(intact.status).toBe(0);

    handle = openDatabase({ dataDir: pgliteDir });
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set outcome = 'failure' where action = 'auth.sign_in'`);
    });
    const [edited] = await handle.rows<{ id: string }>(sql`select id from audit_events where action = 'auth.sign_in'`);
    await handle.close();

    const broken = runVerify(dataDir);
    expect(broken.status).toBe(1);
    expect(broken.out).toContain(`Audit trail BROKEN at event ${edited!.id} (chain user:demo-sara, position 2): its content does not match its hash (edited).`);
  });
});
