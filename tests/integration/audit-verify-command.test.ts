import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditSignerFor } from "~/access/audit/keys.server";
import { recordAudit } from "~/access/audit/record.server";
import { sealAuditTrail } from "~/access/audit/seal.server";
import { openDatabase } from "~/lib/db.server";

// `npm run audit:verify`, the real script, on an embedded database of its own: intact, with a kept
// head, then tampered with.
const dataDir = mkdtempSync(path.join(tmpdir(), "samsyn-verify-"));
const headFile = path.join(dataDir, "audit-head.json");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const pair = generateKeyPairSync("ed25519");
const privateKey = pair.privateKey.export({ format: "der", type: "pkcs8" });
const signer = auditSignerFor(privateKey);
const publicKey = pair.publicKey.export({ format: "der", type: "spki" }).toString("base64");

function runVerify(args: string[] = [], keys: Record<string, string> = { SAMSYN_AUDIT_VERIFY_KEY: publicKey }) {
  const env = { ...process.env, SAMSYN_DATA_DIR: dataDir, DATABASE_URL: "", SAMSYN_AUDIT_SIGNING_KEY: "", SAMSYN_AUDIT_VERIFY_KEY: "", ...keys };
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts", ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** Works on the folder as the app (or an insider) would, then closes it: one process per PGlite folder. */
async function onDatabase(work: (handle: ReturnType<typeof openDatabase>) => Promise<void>) {
  const handle = openDatabase({ dataDir: path.join(dataDir, "pglite") });
  try {
    await handle.migrate();
    await work(handle);
  } finally {
    await handle.close();
  }
}

const writeAndSeal = (count: number) =>
  onDatabase(async (handle) => {
    for (let i = 0; i < count; i++) {
      await recordAudit(undefined, { requestId: "r", clientIp: undefined }, { actorType: "staff", actorUserId: "demo-sara", action: "auth.sign_in", outcome: "success" }, handle.db);
    }
    await sealAuditTrail(handle, { signer });
  });

const asSuperuser = (...statements: SQL[]) =>
  onDatabase((handle) =>
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      for (const statement of statements) await tx.execute(statement);
    }),
  );

const headLine = (out: string) => JSON.parse(/^Latest signed head: (.*)$/m.exec(out)![1]!) as { seq: number; last_id: number; key_id: string };

describe("npm run audit:verify", () => {
  it("prints the signed head of an intact trail, keeps it with --head, and exits 1 on a cut tail or another key", { timeout: 180_000 }, async () => {
    await writeAndSeal(3);

    // The public key derived from the signing key; no head kept yet.
    const intact = runVerify([], { SAMSYN_AUDIT_SIGNING_KEY: privateKey.toString("base64") });
    expect(intact.err).toBe("");
    expect(intact.out).toMatch(/^Audit trail intact: 3 events in 1 seals \(0 absent ids\); checked in [\d.]+ s\.$/m);
    expect(headLine(intact.out)).toMatchObject({ seq: 1, last_id: 3, key_id: signer.keyId });
    expect(intact.out).toContain("Keep this head outside the database and pass it next time (npm run audit:verify -- --head FILE)");
    expect(intact.status).toBe(0);

    // An auditor with the public key only starts keeping the head…
    const first = runVerify(["--head", headFile]);
    expect(first.out).toContain(`Head written to ${headFile}: pass --head ${headFile} next time.`);
    expect(first.status).toBe(0);
    expect(JSON.parse(readFileSync(headFile, "utf8"))).toMatchObject({ seq: 1, last_id: 3 });

    // …which moves on as the trail grows.
    await writeAndSeal(2);
    const second = runVerify(["--head", headFile]);
    expect(second.out).toContain("The kept head (seal 1) is still there, unchanged.");
    expect(second.status).toBe(0);
    expect(JSON.parse(readFileSync(headFile, "utf8"))).toMatchObject({ seq: 2, last_id: 5 });

    // The newest seal and its events deleted: caught against the kept head (without it, the
    // remaining trail is consistent: tests/integration/audit-seal.test.ts).
    await asSuperuser(sql`delete from audit_events where id > 3`, sql`delete from audit_seals where seq = 2`);
    const cut = runVerify(["--head", headFile]);
    expect(cut.status).toBe(1);
    expect(cut.err).toBe(
      "Audit trail BROKEN: 1 problem(s); 3 events in 1 seals checked in " +
        /checked in ([\d.]+) s/.exec(cut.err)![1] +
        " s.\nSeal 2: the kept head (events up to 5) is no longer in the database: the trail was truncated or its newest seals and events deleted.\n",
    );
    expect(cut.out).not.toContain("Latest signed head");
    expect(JSON.parse(readFileSync(headFile, "utf8"))).toMatchObject({ seq: 2 }); // a broken trail never replaces the kept head

    // Another key than the one that signed.
    const otherKey = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).toString("base64");
    const untrusted = runVerify([], { SAMSYN_AUDIT_VERIFY_KEY: otherKey });
    expect(untrusted.status).toBe(1);
    expect(untrusted.err).toMatch(new RegExp(`^Seal 1: signed with key ${signer.keyId}, which is not a trusted key \\([0-9a-f]{16}\\)\\.$`, "m"));
  });

  it("fails on events left unsealed longer than --max-unsealed-seconds, and on a bad flag", { timeout: 120_000 }, async () => {
    await onDatabase(async (handle) => {
      await recordAudit(undefined, undefined, { action: "auth.sign_in", outcome: "success" }, handle.db);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const late = runVerify(["--max-unsealed-seconds", "0"]);
    expect(late.status).toBe(1);
    expect(late.err).toMatch(/^Event 6: unsealed for \d+ s, longer than the limit of 0 s \(1 event after seal 1 unsealed\): is the sealing job running\?$/m);

    const bad = runVerify(["--heads", headFile]);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain("Usage: npm run audit:verify -- [--head FILE] [--max-unsealed-seconds N]");
    expect(existsSync(path.join(dataDir, "dev-keys.json"))).toBe(false); // the auditor's run needs no key file
  });
});
