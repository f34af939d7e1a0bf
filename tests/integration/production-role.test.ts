import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, pendingMigrations } from "~/lib/db.server";
import { installJobQueue } from "~/jobs.server";
import { useTestDatabase } from "../support/database";

/**
 * The README's production notes, run as written: the owner migrates (schema, catalogue and the
 * job queue's schema), the README's grants make an app role, and that role can do the app's work
 * (sealing the audit trail included) but cannot rewrite the audit trail or its seals, delete a case
 * or change the schema. With
 * SAMSYN_MIGRATE_ON_START=false the server refuses a database that lacks migrations and starts,
 * without changing the schema, on one that has them.
 */
const database = useTestDatabase();
const role = `samsyn_app_${randomBytes(4).toString("hex")}`;

/** The README's grants block, for this test's role (without a password: the test server trusts local connections). */
function readmeGrants(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const block = /The grants \(a test runs exactly this block[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error("README.md has no grants block under Production notes");
  return block
    .split(";")
    .map((statement) => statement.replace(/^\s+/gm, "").trim())
    .filter(Boolean)
    .map((statement) => statement.replaceAll("samsyn_app", role).replace("LOGIN PASSWORD '…'", "LOGIN"));
}

/** Runs one statement as the app role in its own transaction; "ok" or the database's refusal. */
async function asAppRole(statement: string): Promise<string> {
  try {
    await database.current().db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${role}`));
      await tx.execute(sql.raw(statement));
    });
    return "ok";
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
}

beforeAll(async () => {
  await installJobQueue(database.current());
  for (const statement of readmeGrants()) await database.current().rows(sql.raw(statement));
});

afterAll(async () => {
  await database.current().rows(sql.raw(`drop owned by ${role}`));
  await database.current().rows(sql.raw(`drop role ${role}`));
});

describe("the app's database role from the README", () => {
  it("reads and writes the app's tables, appends to the audit trail and uses the job queue", async () => {
    expect(await asAppRole("select count(*) from clients")).toBe("ok");
    expect(await asAppRole("insert into audit_events (actor_type, action, outcome) values ('anonymous', 'test.role', 'success')")).toBe("ok");
    // The sealing job (ADR 0014) reads the last seal and appends the next one.
    expect(await asAppRole(`insert into audit_seals (seq, first_id, last_id, absent_ids, event_count, event_digests, prev_root, root, sealed_at, key_id, signature)
      values (1, 1, 1, '{}', 1, '\\x00', '0', '0', now(), 'k', 's')`)).toBe("ok");
    expect(await asAppRole("select seq, root from audit_seals order by seq desc limit 1")).toBe("ok");
    expect(await asAppRole("select max(created_at) from drizzle.__drizzle_migrations")).toBe("ok");
    expect(await asAppRole("select count(*) from pgboss.queue")).toBe("ok");
    expect(await asAppRole("update pgboss.queue set updated_on = now()")).toBe("ok");
  });

  it("cannot change or remove audit events or seals, delete a case, or change the schema", async () => {
    expect(await asAppRole("update audit_events set action = 'edited'")).toMatch(/permission denied for table audit_events/);
    expect(await asAppRole("delete from audit_events")).toMatch(/permission denied for table audit_events/);
    expect(await asAppRole("truncate audit_events")).toMatch(/permission denied for table audit_events/);
    expect(await asAppRole("alter table audit_events disable trigger all")).toMatch(/must be owner/);
    expect(await asAppRole("update audit_seals set root = 'edited'")).toMatch(/permission denied for table audit_seals/);
    expect(await asAppRole("delete from audit_seals")).toMatch(/permission denied for table audit_seals/);
    expect(await asAppRole("truncate audit_seals")).toMatch(/permission denied for table audit_seals/);
    expect(await asAppRole("alter table audit_seals disable trigger all")).toMatch(/must be owner/);
    expect(await asAppRole("delete from cases")).toMatch(/permission denied for table cases/);
    expect(await asAppRole("create table intruder (a int)")).toMatch(/permission denied for schema public/);
  });
});

describe("starting with SAMSYN_MIGRATE_ON_START=false", () => {
  const folders: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "samsyn-role-"));
    folders.push(dir);
    return dir;
  };
  afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const baseEnv = (dataDir: string) => ({ NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, SAMSYN_DATA_DIR: dataDir, SAMSYN_MIGRATE_ON_START: "false" });

  it("refuses a database that lacks migrations, in one line, and leaves it as it was", { timeout: 90_000 }, async () => {
    const dataDir = folder();
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], { env: baseEnv(dataDir) as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Samsyn cannot start: the database lacks \d+ migration\(s\) \(0000_directory, .*\); run `npm run db:migrate` as the database owner/);
    const untouched = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    expect(await pendingMigrations(untouched)).toContain("0000_directory");
    await untouched.close();
  });

  it("starts on a migrated database, on PostgreSQL as the README's app role", async () => {
    const dataDir = folder();
    let databaseUrl: string | undefined;
    if (process.env.DATABASE_URL) {
      // This file's database, reached as the app role.
      const [{ name }] = (await database.current().rows<{ name: string }>(sql`select current_database() as name`)) as [{ name: string }];
      const url = new URL(process.env.DATABASE_URL);
      url.username = role;
      url.password = "";
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    } else {
      // PGlite has one user; the folder is migrated by the owner as `npm run db:migrate` does.
      const owner = openDatabase({ dataDir: path.join(dataDir, "pglite") });
      await owner.migrate();
      await installJobQueue(owner);
      await owner.close();
    }
    const port = 41_000 + Math.floor(Math.random() * 2_000);
    const env = { ...baseEnv(dataDir), PORT: String(port), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    const server = spawn(process.execPath, ["--import", "tsx", "server.ts", "--dev"], { env: env as NodeJS.ProcessEnv });
    let output = "";
    server.stdout.on("data", (chunk) => (output += chunk));
    server.stderr.on("data", (chunk) => (output += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 90_000);
        server.on("exit", (code) => reject(new Error(`The server stopped (${code}):\n${output}`)));
        server.stdout.on("data", () => {
          if (output.includes("Samsyn is running")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const response = await fetch(`http://localhost:${port}/healthz`);
      expect(await response.json()).toEqual({ status: "ok", db: "ok" });
      // It loaded the demo world, which the role may do: inserts only.
      expect(output).toContain("Loaded the demo world");
    } finally {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGTERM");
        await exited;
      }
    }
  }, 120_000);
});
