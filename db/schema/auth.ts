import { boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { users } from "./directory";
import { timestamptz } from "./columns";

/**
 * Staff sessions (lucia, through app/lib/auth/session.server.ts). `expiresAt` is the idle
 * deadline, moved forward on activity but never past `absoluteExpiresAt`. A session is only
 * good for staff pages once `mfaVerified` (password and TOTP both passed).
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamptz("expires_at").notNull(),
    absoluteExpiresAt: timestamptz("absolute_expires_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull(),
    mfaVerified: boolean("mfa_verified").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [index("staff_sessions_user_idx").on(table.userId)],
);

/** Client sessions, from an e-ID sign-in. `idTokenRef` identifies the ID token that signed it in. */
export const clientSessions = pgTable(
  "client_sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    expiresAt: timestamptz("expires_at").notNull(),
    absoluteExpiresAt: timestamptz("absolute_expires_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull(),
    idTokenRef: text("id_token_ref").notNull(),
    authTime: timestamptz("auth_time").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [index("client_sessions_user_idx").on(table.userId)],
);

/** One-time recovery codes for the second factor, stored as SHA-256 hashes. */
export const staffRecoveryCodes = pgTable(
  "staff_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamptz("used_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [index("staff_recovery_codes_user_idx").on(table.userId)],
);

/** Enrolment links made by an organisation administrator; the token is stored hashed. */
export const staffEnrolments = pgTable(
  "staff_enrolments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id),
    /** Held between the enrolment steps: the chosen password and the TOTP secret being confirmed. */
    pendingPasswordHash: text("pending_password_hash"),
    pendingTotpSecretEncrypted: text("pending_totp_secret_encrypted"),
    expiresAt: timestamptz("expires_at").notNull(),
    usedAt: timestamptz("used_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (table) => [index("staff_enrolments_user_idx").on(table.userId)],
);

/** rate-limiter-flexible's Drizzle store: shared by every app instance through the database. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamptz("expire"),
});
