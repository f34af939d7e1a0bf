import { and, eq, gt, isNull } from "drizzle-orm";
import { staffEnrolments, staffRecoveryCodes, users } from "../../../db/schema";
import type { HttpFacts } from "~/access/actor";
import { hashPassword, minimumPasswordLength } from "~/lib/auth/password.server";
import { generateRecoveryCodes, sha256 } from "~/lib/auth/tokens.server";
import { generateTotpSecret, totpUri, verifyTotp } from "~/lib/auth/totp.server";
import { decrypt, encrypt } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";

/**
 * A new staff member's first visit, through the link their administrator gave them:
 * choose a password, connect an authenticator app (QR code), confirm with a code, and
 * receive one-time recovery codes. Nothing is saved on the account until the code checks out.
 */
export async function findEnrolment(token: string) {
  const [row] = await db()
    .select({ enrolment: staffEnrolments, user: users })
    .from(staffEnrolments)
    .innerJoin(users, eq(users.id, staffEnrolments.userId))
    .where(
      and(eq(staffEnrolments.tokenHash, sha256(token)), isNull(staffEnrolments.usedAt), gt(staffEnrolments.expiresAt, now())),
    );
  if (!row || !row.user.active) return null;
  return row;
}

export function validateNewPassword(password: string, repeat: string): string | null {
  if (password.length < minimumPasswordLength) return "enrol.tooShort";
  if (password.length > 256) return "enrol.tooLong";
  if (password !== repeat) return "enrol.mismatch";
  return null;
}

/** Step one: keeps the chosen password (hashed) and a new TOTP secret on the enrolment. */
export async function choosePassword(token: string, password: string, repeat: string) {
  const found = await findEnrolment(token);
  if (!found) throw new DomainError("enrol.invalid_link", 404);
  const problem = validateNewPassword(password, repeat);
  if (problem) throw new DomainError(problem);
  const secret = generateTotpSecret();
  await db()
    .update(staffEnrolments)
    .set({ pendingPasswordHash: await hashPassword(password), pendingTotpSecretEncrypted: encrypt(secret) })
    .where(eq(staffEnrolments.id, found.enrolment.id));
  return { secret, uri: totpUri(secret, found.user.email) };
}

/** The secret being confirmed, to show the QR code again after a wrong code. */
export async function pendingSecret(token: string) {
  const found = await findEnrolment(token);
  if (!found?.enrolment.pendingTotpSecretEncrypted) return null;
  const secret = decrypt(found.enrolment.pendingTotpSecretEncrypted);
  return { secret, uri: totpUri(secret, found.user.email) };
}

/** Step two: a correct code activates the account; returns the recovery codes, shown once. */
export async function confirmEnrolment(token: string, code: string, facts: HttpFacts): Promise<string[]> {
  const found = await findEnrolment(token);
  const { enrolment, user } = found ?? {};
  if (!enrolment?.pendingPasswordHash || !enrolment.pendingTotpSecretEncrypted || !user) {
    throw new DomainError("enrol.invalid_link", 404);
  }
  const step = verifyTotp(decrypt(enrolment.pendingTotpSecretEncrypted), code, now());
  if (step === null) throw new DomainError("enrol.invalidCode");
  const codes = generateRecoveryCodes();
  await db().transaction(async (tx) => {
    const used = await tx
      .update(staffEnrolments)
      .set({ usedAt: now(), pendingPasswordHash: null, pendingTotpSecretEncrypted: null })
      .where(and(eq(staffEnrolments.id, enrolment.id), isNull(staffEnrolments.usedAt)))
      .returning({ id: staffEnrolments.id });
    if (used.length !== 1) throw new DomainError("enrol.invalid_link", 404);
    await tx
      .update(users)
      .set({
        passwordHash: enrolment.pendingPasswordHash,
        totpSecretEncrypted: enrolment.pendingTotpSecretEncrypted,
        totpEnrolledAt: now(),
        totpLastStep: step,
      })
      .where(eq(users.id, user.id));
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, user.id));
    await tx.insert(staffRecoveryCodes).values(codes.map((c) => ({ userId: user.id, codeHash: sha256(c) })));
    await recordAudit(
      undefined,
      facts,
      { actorType: "staff", actorUserId: user.id, organizationId: user.organizationId, unitId: user.unitId, role: user.role, action: "auth.enrolled", outcome: "success" },
      tx,
    );
  });
  return codes;
}
