import { eq } from "drizzle-orm";
import { organizations, users } from "../../db/schema";
import { demoTotpSecret, seedDemoWorld } from "../../db/seed";
import type { StaffActor } from "~/access/actor";
import { totpCode } from "~/lib/auth/totp.server";
import { db } from "~/lib/db.server";

export const facts = { requestId: "test-request", clientIp: "203.0.113.7" };

/** Loads the demo world into the test database (once per file). */
export async function seedDemo() {
  await seedDemoWorld(db());
}

export async function staffByEmail(email: string) {
  const [user] = await db().select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No demo user ${email}`);
  return user;
}

/** A staff actor as the gate would build it, for calling services directly. */
export async function staffActor(email: string): Promise<StaffActor> {
  const user = await staffByEmail(email);
  const [organization] = await db().select().from(organizations).where(eq(organizations.id, user.organizationId));
  return {
    kind: "staff",
    userId: user.id,
    sessionId: "test",
    name: user.name,
    title: user.title,
    email: user.email,
    role: user.role,
    organizationId: user.organizationId,
    organizationKind: organization!.kind,
    unitId: user.unitId,
    http: facts,
  };
}

/** The demo TOTP code `offsetSteps` steps from now. */
export const demoCode = (offsetSteps = 0) => totpCode(demoTotpSecret, new Date(Date.now() + offsetSteps * 30_000));

/** A request carrying the cookies that these Set-Cookie headers would leave in a browser. */
export function requestWithCookies(url: string, ...setCookies: (string | undefined)[]) {
  const cookie = setCookies
    .filter((value): value is string => !!value)
    .map((value) => value.split(";")[0])
    .join("; ");
  return new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
}


