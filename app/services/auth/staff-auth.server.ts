import { and, eq, isNull, lt, or } from "drizzle-orm";
import { staffRecoveryCodes, users, type User } from "../../../db/schema";
import type { HttpFacts } from "~/access/actor";
import { verifyPassword } from "~/lib/auth/password.server";
import { createStaffSession, endAllSessions, endSession, type SessionRead } from "~/lib/auth/session.server";
import { normalizeRecoveryCode, sha256 } from "~/lib/auth/tokens.server";
import { verifyTotp } from "~/lib/auth/totp.server";
import { decrypt } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { attemptSucceeded, takeAttempt, type AttemptSubject } from "~/lib/rate-limit.server";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";

export type SignInFailure =
  | { ok: false; code: "auth.invalid_credentials" | "auth.invalid_code" }
  | { ok: false; code: "auth.rate_limited"; retryAfter: number };

/**
 * Step one for staff: e-mail and password. The same answer for an unknown address, a wrong
 * password and a deactivated account. Success gives a short password-only session that is
 * good for nothing but the second factor.
 */
export async function signInWithPassword(
  input: { email: string; password: string },
  facts: HttpFacts,
): Promise<{ ok: true; cookie: string } | SignInFailure> {
  const email = input.email.trim().toLowerCase();
  // Keyed by the address typed, known or not, so that throttling tells nothing about accounts.
  const subject: AttemptSubject = { kind: "password", account: email, address: facts.clientIp ?? "unknown" };
  const [user] = await db().select().from(users).where(eq(users.email, email));
  const audit = { actorUserId: user?.id, organizationId: user?.organizationId, unitId: user?.unitId, role: user?.role };

  const attempt = await takeAttempt(subject);
  if (!attempt.allowed) {
    await recordAudit(undefined, facts, { ...audit, action: "auth.password", outcome: "denied", reason: "rate_limited" });
    return { ok: false, code: "auth.rate_limited", retryAfter: attempt.retryAfter };
  }

  const usable = user?.active && user.totpSecretEncrypted ? user.passwordHash : null;
  if (!(await verifyPassword(usable, input.password)) || !user) {
    await recordAudit(undefined, facts, {
      ...audit,
      action: "auth.password",
      outcome: "failure",
      reason: attempt.lastOne ? "invalid_credentials_locked" : "invalid_credentials",
    });
    return { ok: false, code: "auth.invalid_credentials" };
  }

  await attemptSucceeded(subject, attempt);
  const { cookie } = await createStaffSession(user.id, { mfaVerified: false });
  await recordAudit(undefined, facts, { ...audit, action: "auth.password", outcome: "success" });
  return { ok: true, cookie };
}

/**
 * Step two: a TOTP code (one step either side, never the same step twice) or a one-time
 * recovery code. Success replaces the password-only session with a full one (a new id).
 */
export async function verifySecondFactor(
  pending: Extract<SessionRead, { status: "ok" }>["session"],
  input: { code: string; method: "totp" | "recovery" },
  facts: HttpFacts,
): Promise<{ ok: true; cookie: string } | SignInFailure> {
  const [user] = await db().select().from(users).where(eq(users.id, pending.userId));
  if (!user?.active || !user.totpSecretEncrypted) return { ok: false, code: "auth.invalid_credentials" };
  const subject: AttemptSubject = { kind: "secondFactor", account: user.id, address: facts.clientIp ?? "unknown" };
  const audit = { actorUserId: user.id, organizationId: user.organizationId, unitId: user.unitId, role: user.role };

  const attempt = await takeAttempt(subject);
  if (!attempt.allowed) {
    await recordAudit(undefined, facts, { ...audit, action: "auth.second_factor", outcome: "denied", reason: "rate_limited" });
    return { ok: false, code: "auth.rate_limited", retryAfter: attempt.retryAfter };
  }

  const accepted = input.method === "totp" ? await useTotpCode(user, input.code) : await useRecoveryCode(user.id, input.code);
  if (!accepted) {
    await recordAudit(undefined, facts, { ...audit, action: "auth.second_factor", outcome: "failure", reason: `invalid_${input.method}` });
    return { ok: false, code: "auth.invalid_code" };
  }

  await attemptSucceeded(subject, attempt);
  await endSession("staff", pending.id);
  const { cookie } = await createStaffSession(user.id, { mfaVerified: true });
  await recordAudit(undefined, facts, {
    ...audit,
    actorType: "staff",
    unitId: user.unitId,
    role: user.role,
    action: "auth.sign_in",
    outcome: "success",
    reason: input.method === "recovery" ? "recovery_code" : "totp",
  });
  return { ok: true, cookie };
}

// Each check and its use are one conditional UPDATE, so that two submissions of the same code
// at the same time cannot both pass: the second finds the row already changed.
async function useTotpCode(user: User, code: string): Promise<boolean> {
  const step = verifyTotp(decrypt(user.totpSecretEncrypted!), code, now(), user.totpLastStep);
  if (step === null) return false;
  const used = await db()
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return used.length === 1;
}

async function useRecoveryCode(userId: string, code: string): Promise<boolean> {
  const used = await db()
    .update(staffRecoveryCodes)
    .set({ usedAt: now() })
    .where(
      and(
        eq(staffRecoveryCodes.userId, userId),
        eq(staffRecoveryCodes.codeHash, sha256(normalizeRecoveryCode(code))),
        isNull(staffRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodes.id });
  return used.length === 1;
}

/** Signs out this session, or every session of the person. Returns the cookie that clears it. */
export async function signOut(
  kind: "staff" | "client",
  session: { id: string; userId: string },
  everywhere: boolean,
  facts: HttpFacts,
): Promise<string> {
  if (everywhere) await endAllSessions(kind, session.userId);
  const cookie = await endSession(kind, session.id);
  // Staff events name the organisation, so that its auditor finds them.
  const [user] = kind === "staff" ? await db().select().from(users).where(eq(users.id, session.userId)) : [];
  await recordAudit(undefined, facts, {
    ...(kind === "staff"
      ? { actorType: "staff" as const, actorUserId: session.userId, organizationId: user?.organizationId, unitId: user?.unitId, role: user?.role }
      : { actorType: "client" as const, actorClientId: session.userId, clientId: session.userId }),
    action: everywhere ? "auth.sign_out_everywhere" : "auth.sign_out",
    outcome: "success",
  });
  return cookie;
}
