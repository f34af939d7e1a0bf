import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keyChecks } from "../../db/schema";
import type { Keyring } from "~/lib/crypto.server";
import { openDatabase } from "~/lib/db.server";
import { checkKeys, describeKeyMismatch, keyCheckValue } from "~/lib/key-check.server";
import { useTestDatabase } from "../support/database";

/**
 * Several instances on one database must use the same keys (issue 14): an instance whose
 * encryption or HMAC keys differ from those the database was written with refuses to start with
 * one line, instead of answering 500 to the data the others wrote.
 */
const database = useTestDatabase();
const key = () => randomBytes(32);
const keyring = (encryption: [number, Buffer][], hmacKey: Buffer): Keyring => ({ encryptionKeys: new Map(encryption), currentKeyId: encryption[0]![0], hmacKey });

describe("checking the keys against the database", () => {
  const first = key();
  const hmac = key();

  it("records the first instance's keys, and agrees with the same keys after", async () => {
    expect(await checkKeys(database.current().db, keyring([[1, first]], hmac))).toEqual([]);
    const rows = await database.current().db.select().from(keyChecks);
    expect(rows.map((row) => `${row.purpose}:${row.keyId}`).sort()).toEqual(["encryption:1", "hmac:0"]);
    // A check value tells keys apart without being the key.
    expect(rows.find((row) => row.purpose === "encryption")!.check).toBe(keyCheckValue(first, "encryption", 1));
    expect(rows.some((row) => row.check.includes(first.toString("hex")) || row.check.includes(first.toString("base64")))).toBe(false);
    expect(await checkKeys(database.current().db, keyring([[1, first]], hmac))).toEqual([]);
  });

  it("names a different encryption key and a different HMAC key", async () => {
    expect(await checkKeys(database.current().db, keyring([[1, key()]], hmac))).toEqual([{ purpose: "encryption", keyId: 1 }]);
    expect(await checkKeys(database.current().db, keyring([[1, first]], key()))).toEqual([{ purpose: "hmac", keyId: 0 }]);
  });

  it("takes a new key version (rotation) and does not ask for a retired one", async () => {
    const second = key();
    expect(await checkKeys(database.current().db, keyring([[2, second], [1, first]], hmac))).toEqual([]);
    expect(await checkKeys(database.current().db, keyring([[2, second]], hmac))).toEqual([]);
    expect(await checkKeys(database.current().db, keyring([[2, key()]], hmac))).toEqual([{ purpose: "encryption", keyId: 2 }]);
  });

  it("says it in one line", () => {
    const line = describeKeyMismatch([{ purpose: "encryption", keyId: 1 }, { purpose: "hmac", keyId: 0 }], true);
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toMatch(/^Samsyn cannot start: encryption key 1 \(SAMSYN_ENCRYPTION_KEYS\) and the HMAC key \(SAMSYN_HMAC_KEY\) differ from the ones this database was written with/);
  });
});

describe("an instance started with other keys", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "samsyn-keys-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses to start with one line and writes nothing", { timeout: 90_000 }, async () => {
    // Another instance wrote this database with its keys.
    const other = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    await other.migrate();
    await checkKeys(other.db, keyring([[1, key()]], key()));
    await other.close();
    // This one makes its own development keys in the same folder, so they differ.
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, SAMSYN_DATA_DIR: dataDir, PORT: "3977", SAMSYN_MAIL_CATCHER_PORT: "2977" } as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Samsyn cannot start: encryption key 1 \(SAMSYN_ENCRYPTION_KEYS\) and the HMAC key \(SAMSYN_HMAC_KEY\) differ from the ones this database was written with, so its data could not be read\. This instance made its own development keys/);
    const after = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    const { clients } = await import("../../db/schema");
    expect(await after.db.select().from(clients)).toHaveLength(0);
    await after.close();
  });
});
