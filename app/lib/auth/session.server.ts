import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, inArray } from "drizzle-orm";
import { Lucia, TimeSpan } from "lucia";
import { clients, clientSessions, staffSessions, users } from "../../../db/schema";
import { db, type Database } from "../db.server";
import { sqlStateOf } from "../database-errors";
import { getEnv } from "../env.server";
import { hours, minutes, now } from "../time.server";
import { oncePerRequest } from "../per-request.server";

/**
 * The one session module (docs/decisions/0003-wrapping-lucia.md). lucia stores and validates
 * sessions; this module adds what Samsyn needs on top: an idle deadline (20 minutes) that moves
 * with activity but never past an absolute one (10 hours staff, 2 hours clients), a short
 * password-only stage for staff before the second factor, and the cookies.
 */
export const idleTimeoutMs = minutes(20);
export const absoluteTimeoutMs = { staff: hours(10), client: hours(2) } as const;
/** A staff session that has passed the password but not yet the second factor. */
export const pendingSecondFactorMs = minutes(10);
/** Activity moves the idle deadline at most this often, to spare the database a write per request. */
const touchIntervalMs = 15_000;

export type SessionKind = "staff" | "client";

/** In production the cookie is Secure and `__Host-` prefixed (no Domain, Path=/, HTTPS only). */
export function sessionCookieOptions(kind: SessionKind, production: boolean) {
  return {
    name: production ? `__Host-samsyn-${kind}` : `samsyn-${kind}`,
    expires: false,
    attributes: { secure: production, sameSite: "lax" as const, path: "/" },
  };
}

interface SessionStore {
  lucia: Lucia;
  /** The adapter lucia stores through; validation reads it directly (see `validate`). */
  adapter: DrizzlePostgreSQLAdapter;
}

function createStore(kind: SessionKind, database: Database): SessionStore {
  const adapter =
    kind === "staff"
      ? new DrizzlePostgreSQLAdapter(database, staffSessions, users)
      : new DrizzlePostgreSQLAdapter(database, clientSessions, clients);
  const instance = new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(idleTimeoutMs / 60_000, "m"),
    sessionCookie: sessionCookieOptions(kind, getEnv().nodeEnv === "production"),
    // lucia passes on no columns by default; the checks below need them.
    getSessionAttributes: (attributes) => attributes,
    getUserAttributes: (attributes) => attributes,
  });
  return { lucia: instance, adapter };
}

// One store per database handle, so tests that install their own database get their own.
const instances = new WeakMap<Database, Record<SessionKind, SessionStore>>();
function store(kind: SessionKind): SessionStore {
  const database = db();
  let pair = instances.get(database);
  if (!pair) {
    pair = { staff: createStore("staff", database), client: createStore("client", database) };
    instances.set(database, pair);
  }
  return pair[kind];
}
const lucia = (kind: SessionKind): Lucia => store(kind).lucia;

export interface SessionInfo {
  id: string;
  userId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  mfaVerified: boolean;
}

export type SessionRead =
  | { status: "none" }
  /** A cookie that names no valid session: expired, ended, or tampered with. Clear it. */
  | { status: "invalid"; clearCookie: string }
  | { status: "ok"; session: SessionInfo };

/** Starts a staff session; `mfaVerified` false gives the short password-only stage. */
export async function createStaffSession(userId: string, { mfaVerified }: { mfaVerified: boolean }) {
  const at = now();
  const absolute = new Date(at.getTime() + (mfaVerified ? absoluteTimeoutMs.staff : pendingSecondFactorMs));
  const session = await lucia("staff").createSession(userId, {
    absoluteExpiresAt: absolute,
    lastSeenAt: at,
    mfaVerified,
  } as never);
  await touch("staff", session.id, at, absolute);
  return { sessionId: session.id, cookie: sessionCookie("staff", session.id, absolute.getTime() - at.getTime()) };
}

/** Starts a client session after an e-ID sign-in. */
export async function createClientSession(clientId: string, { idTokenRef, authTime }: { idTokenRef: string; authTime: Date }) {
  const at = now();
  const absolute = new Date(at.getTime() + absoluteTimeoutMs.client);
  const session = await lucia("client").createSession(clientId, {
    absoluteExpiresAt: absolute,
    lastSeenAt: at,
    idTokenRef,
    authTime,
  } as never);
  await touch("client", session.id, at, absolute);
  return { sessionId: session.id, cookie: sessionCookie("client", session.id, absolute.getTime() - at.getTime()) };
}

/** lucia's cookie, but living only until the session's absolute deadline (lucia would say 400 days). */
export function sessionCookie(kind: SessionKind, sessionId: string, lifetimeMs: number, instance = lucia(kind)): string {
  const cookie = instance.createSessionCookie(sessionId);
  cookie.attributes.maxAge = Math.floor(lifetimeMs / 1000);
  return cookie.serialize();
}

const table = (kind: SessionKind) => (kind === "staff" ? staffSessions : clientSessions);

/** The idle deadline of activity at `at`: 20 minutes on, never past the absolute deadline. */
const idleDeadline = (at: Date, absolute: Date) => new Date(Math.min(at.getTime() + idleTimeoutMs, absolute.getTime()));

/**
 * Sets a session's idle deadline for activity at `at` (when it starts, and as it is used).
 * Requests of one session that run together all find the move due at once: one takes the row,
 * the others go on without waiting for its lock (SKIP LOCKED) and answer with the deadline it is
 * writing. Returns the new idle deadline.
 */
async function touch(kind: SessionKind, sessionId: string, at: Date, absolute: Date) {
  const idle = idleDeadline(at, absolute);
  const sessions = table(kind);
  const free = db().select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for("update", { skipLocked: true });
  await db().update(sessions).set({ expiresAt: idle, lastSeenAt: at }).where(inArray(sessions.id, free));
  return idle;
}

// Remix runs the root loader and the route's loader for the same request: read the session once.
/**
 * Reads and validates this request's session of `kind`, once per request (its root loader and its
 * page's loader share it: app/lib/per-request.server.ts); activity moves its idle deadline.
 */
export function readSession(request: Request, kind: SessionKind): Promise<SessionRead> {
  return oncePerRequest(request, `session:${kind}`, () => validate(request, kind));
}

/**
 * Validates a session by this module's rules alone. lucia's own `validateSession` is not used: it
 * judges expiry by its own clock and, in the second half of a session's idle time, writes a new
 * expiry with a plain `UPDATE` (ignoring the absolute deadline). A session whose idle deadline is
 * clamped to its absolute one — its last 10 minutes, and the whole password-only stage — would
 * then write on every request and queue on its row. Here the only write is `touch`.
 */
async function validate(request: Request, kind: SessionKind): Promise<SessionRead> {
  const { lucia, adapter } = store(kind);
  const id = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!id) return { status: "none" };
  const clearCookie = lucia.createBlankSessionCookie().serialize();
  // Only a cookie value the database cannot even compare (a data exception, SQLSTATE class 22)
  // makes the cookie invalid; any other failure — the database unreachable above all — is thrown,
  // so that an outage never clears anyone's cookie (it becomes a 503 at the guard).
  const [session, user] = await adapter.getSessionAndUser(id).catch((error: unknown) => {
    if (sqlStateOf(error)?.startsWith("22")) return [null, null] as const;
    throw error;
  });
  if (!session || !user) return { status: "invalid", clearCookie };

  const attributes = session.attributes as unknown as { absoluteExpiresAt: Date; lastSeenAt: Date; mfaVerified?: boolean };
  const at = now();
  const userActive = kind === "client" || (user.attributes as unknown as { active: boolean }).active;
  if (at >= attributes.absoluteExpiresAt || at >= session.expiresAt || !userActive) {
    await lucia.invalidateSession(id);
    return { status: "invalid", clearCookie };
  }
  let expiresAt = session.expiresAt;
  if (at.getTime() - new Date(attributes.lastSeenAt).getTime() >= touchIntervalMs) {
    expiresAt = await touch(kind, id, at, attributes.absoluteExpiresAt);
  }
  return {
    status: "ok",
    session: {
      id,
      userId: String(session.userId),
      expiresAt,
      absoluteExpiresAt: attributes.absoluteExpiresAt,
      mfaVerified: kind === "client" || attributes.mfaVerified === true,
    },
  };
}

export async function endSession(kind: SessionKind, sessionId: string): Promise<string> {
  await lucia(kind).invalidateSession(sessionId);
  return lucia(kind).createBlankSessionCookie().serialize();
}

/** Ends every session of a staff user or client, on every device. */
export async function endAllSessions(kind: SessionKind, userId: string): Promise<void> {
  await lucia(kind).invalidateUserSessions(userId);
}

export function blankSessionCookie(kind: SessionKind): string {
  return lucia(kind).createBlankSessionCookie().serialize();
}
