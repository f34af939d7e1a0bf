import { boolean, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orgUnits } from "./directory";

export const language = pgEnum("language", ["sv", "en"]);

/**
 * The people Samsyn is about. The personal identity number is stored only encrypted
 * (AES-256-GCM) and as a keyed HMAC for lookup, so a database dump alone reveals nothing.
 * Client data (app/access/client-data.ts): read only through the access gate.
 */
export const clients = pgTable("clients", {
  id: uuid("id").primaryKey().defaultRandom(),
  personnummerEncrypted: text("personnummer_encrypted").notNull(),
  personnummerHmac: text("personnummer_hmac").notNull().unique(),
  givenName: text("given_name").notNull(),
  familyName: text("family_name").notNull(),
  protectedIdentity: boolean("protected_identity").notNull().default(false),
  /**
   * The unit that holds a protected identity: the one that registered it. Only its officers see
   * the name and number; leading a case is not enough (ADR 0015).
   */
  identityUnitId: uuid("identity_unit_id").references(() => orgUnits.id),
  preferredLanguage: language("preferred_language").notNull().default("sv"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type Client = typeof clients.$inferSelect;
