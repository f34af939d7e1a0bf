import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { appDatabaseTarget, openDatabase } from "../app/lib/db.server";
import { getEnv } from "../app/lib/env.server";
import { installJobQueue } from "../app/lib/jobs.server";
import { syncCatalogue } from "../db/catalogue";
import { syncActivityTypes } from "../db/activity-types";
import { seedDemoWorld } from "../db/seed";

/**
 * `npm run db:migrate | db:seed | db:reset` on whichever database the environment names:
 * PostgreSQL with DATABASE_URL, otherwise the embedded PGlite folder.
 * Stop the server first when it runs on PGlite: only one process may open the folder.
 */
const command = process.argv[2];
const env = getEnv();
const target = appDatabaseTarget();

if (command === "reset") {
  if ("dataDir" in target) {
    rmSync(target.dataDir, { recursive: true, force: true });
  } else {
    const handle = openDatabase(target);
    await handle.rows(sql`drop schema if exists public cascade`);
    await handle.rows(sql`drop schema if exists drizzle cascade`);
    await handle.rows(sql`drop schema if exists pgboss cascade`);
    await handle.rows(sql`create schema public`);
    await handle.close();
  }
}

const handle = openDatabase(target);
try {
  if (command === "migrate" || command === "reset") {
    await handle.migrate();
    await syncCatalogue(handle.db);
    await syncActivityTypes(handle.db);
    await installJobQueue(handle);
    console.log("Migrations applied; information catalogue and job queue up to date.");
  }
  if (command === "seed" || command === "reset") {
    const { seeded } = await seedDemoWorld(handle.db);
    console.log(seeded ? "Demo world loaded." : "The database already has data; nothing seeded.");
  }
  if (!["migrate", "seed", "reset"].includes(command ?? "")) {
    console.error("Usage: node --import tsx scripts/db.ts migrate|seed|reset");
    process.exitCode = 2;
  }
} finally {
  await handle.close();
}
console.log(env.databaseUrl ? "Database: PostgreSQL (DATABASE_URL)" : `Database: ${"dataDir" in target ? target.dataDir : ""}`);
