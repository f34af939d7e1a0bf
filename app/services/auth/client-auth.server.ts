import { eq } from "drizzle-orm";
import { cases, clients } from "../../../db/schema";
import type { ClientActor, HttpFacts } from "~/access/actor";
import type { EidIdentity } from "~/lib/auth/eid.server";
import { createClientSession } from "~/lib/auth/session.server";
import { lookupHmac } from "~/lib/crypto.server";
import { db } from "~/lib/db.server";
import { parsePersonnummer } from "~/lib/personnummer";
import { now } from "~/lib/time.server";
import { recordAudit } from "~/access/audit/record.server";

/**
 * Links an e-ID identity to a client record by the HMAC of the personal identity number,
 * and starts a client session. A person Samsyn does not know, or who has no case yet, gets no
 * session; the attempt is logged without the number.
 */
export async function signInClient(
  identity: EidIdentity,
  facts: HttpFacts,
): Promise<{ known: true; cookie: string } | { known: false }> {
  const parsed = parsePersonnummer(identity.personnummer);
  const [client] = parsed.ok
    ? await db().select({ id: clients.id }).from(clients).where(eq(clients.personnummerHmac, lookupHmac(parsed.normalized)))
    : [];
  // Only a person some organisation has a case with has anything to see here.
  const [kase] = client ? await db().select({ id: cases.id }).from(cases).where(eq(cases.clientId, client.id)).limit(1) : [];
  if (!client || !kase) {
    await recordAudit(undefined, facts, { action: "auth.client_sign_in", outcome: "failure", reason: client ? "no_case" : "unknown_person", clientId: client?.id });
    return { known: false };
  }
  const { cookie } = await createClientSession(client.id, { idTokenRef: identity.idTokenRef, authTime: identity.authTime ?? now() });
  await recordAudit(undefined, facts, {
    actorType: "client",
    actorClientId: client.id,
    clientId: client.id,
    action: "auth.client_sign_in",
    outcome: "success",
    details: { idTokenRef: identity.idTokenRef },
  });
  return { known: true, cookie };
}

/** An e-ID sign-in that did not complete (cancelled, no flow cookie, token refused): who is unknown. */
export async function recordEidFailure(facts: HttpFacts, reason: string): Promise<void> {
  await recordAudit(undefined, facts, { action: "auth.client_sign_in", outcome: "failure", reason });
}

/** A consent signature that was refused (another person, not freshly authenticated, expired). */
export async function recordSigningFailure(actor: ClientActor, reason: string): Promise<void> {
  await recordAudit(actor, actor.http, { action: "consent.sign", outcome: "failure", reason });
}
