import { eq } from "drizzle-orm";
import { cases, clients, organizations, users } from "../../db/schema";
import { demoTotpSecret, seedDemoWorld } from "../../db/seed";
import type { ClientActor, StaffActor } from "~/access/actor";
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

/** The demo client with this given name (db/seed.ts, demoClients), as stored. */
export async function demoClient(givenName: string) {
  const [client] = await db().select().from(clients).where(eq(clients.givenName, givenName));
  if (!client) throw new Error(`No demo client ${givenName}`);
  return client;
}

/** A client actor for that demo client as the guard would build it (requireClient), for calling services directly. */
export async function demoClientActor(givenName: string): Promise<ClientActor> {
  const client = await demoClient(givenName);
  return { kind: "client", clientId: client.id, sessionId: "s", name: `${client.givenName} ${client.familyName}`, givenName: client.givenName, http: facts };
}

/** The one case the demo world opens for that demo client. */
export async function demoCaseOf(givenName: string) {
  const found = await db().select().from(cases).where(eq(cases.clientId, (await demoClient(givenName)).id));
  if (found.length !== 1) throw new Error(`Demo client ${givenName} has ${found.length} cases, not the demo world's one`);
  return found[0]!;
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


