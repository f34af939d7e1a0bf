import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from db/schema into db/migrations. The app applies them at
// start with drizzle's runtime migrator on either driver (see app/lib/db.server.ts);
// `npm run db:migrate` does the same from the command line.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
  ...(process.env.DATABASE_URL ? { dbCredentials: { url: process.env.DATABASE_URL } } : {}),
});
