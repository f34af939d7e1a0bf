import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";
import { appDatabaseTarget, openDatabase } from "../app/lib/db.server";
import { getEnv } from "../app/lib/env.server";
import { installJobQueue } from "../app/jobs.server";
import { syncCatalogue } from "../db/catalogue";
import { syncActivityTypes } from "../db/activity-types";
import { seedDemoWorld } from "../db/seed";

/**
 * `npm run db:migrate | db:seed | db:reset` on whichever database the environment names:
 * PostgreSQL with DATABASE_URL, otherwise the embedded PGlite folder.
 * Stop the server first when it runs on PGlite: only one process may open the folder.
 * `seed` and `reset` refuse NODE_ENV=production; `migrate` is the only one for production.
 */
const command = process.argv[2];

// The demo world has public passwords and a public TOTP secret: never on a production database.
// Checked before anything reads the environment or opens (or, for reset, deletes) the database.
if ((command === "seed" || command === "reset") && process.env.NODE_ENV === "production") {
  console.error(`Samsyn will not ${command} a production database (NODE_ENV=production): demo accounts use public credentials.`);
  process.exit(1);
}

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
  // Under the startup lock, so that a server starting meanwhile waits (DatabaseHandle.exclusively).
  await handle.exclusively(async () => {
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
  });
  if (!["migrate", "seed", "reset"].includes(command ?? "")) {
    console.error("Usage: node --import tsx scripts/db.ts migrate|seed|reset");
    process.exitCode = 2;
  }
} finally {
  await handle.close();
}
console.log(env.databaseUrl ? "Database: PostgreSQL (DATABASE_URL)" : `Database: ${"dataDir" in target ? target.dataDir : ""}`);
