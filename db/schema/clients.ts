import { boolean, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const language = pgEnum("language", ["sv", "en"]);

/**
 * The people Samsyn is about. The personal identity number is stored only encrypted
 * (AES-256-GCM) and as a keyed HMAC for lookup, so a database dump alone reveals nothing.
 */
export const clients = pgTable("clients", {
  id: uuid("id").primaryKey().defaultRandom(),
  personnummerEncrypted: text("personnummer_encrypted").notNull(),
  personnummerHmac: text("personnummer_hmac").notNull().unique(),
  givenName: text("given_name").notNull(),
  familyName: text("family_name").notNull(),
  protectedIdentity: boolean("protected_identity").notNull().default(false),
  preferredLanguage: language("preferred_language").notNull().default("sv"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type Client = typeof clients.$inferSelect;
