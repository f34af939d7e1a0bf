import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

/**
 * What the database was written with: for each encryption key version and for the HMAC key, a
 * check value (HMAC-SHA256 of a fixed label under the key, hex) — a tag that proves which key it
 * is without revealing it. An instance whose keys give other check values refuses to start
 * (app/lib/key-check.server.ts) instead of answering 500 to the data others wrote.
 */
export const keyChecks = pgTable(
  "key_checks",
  {
    /** "encryption" or "hmac". */
    purpose: text("purpose", { enum: ["encryption", "hmac"] }).notNull(),
    /** The encryption key's version (SAMSYN_ENCRYPTION_KEYS "<id>:<key>"); 0 for the HMAC key. */
    keyId: integer("key_id").notNull(),
    check: text("check").notNull(),
    recordedAt: timestamptz("recorded_at").notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.purpose, table.keyId] })],
);
