import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, cases, clients, consentGrants, consentRequestLines, consentRequests, consents, organizations, orgUnits } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db, getDatabase } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { closeCase, getCaseView, lookupClient, openCase, recordCaseEntry } from "~/services/cases.server";
import { consentFormOptions, getConsentReceipt, listConsentsForClient } from "~/services/consent-views.server";
import { beginConsentSigning, createConsentRequest, declineConsentRequest, recordConsent, revokeConsent, revokeGrant } from "~/services/consent.server";
import { useTestDatabase } from "../support/database";
import { facts, seedDemo, staffActor } from "../support/fixtures";

/**
 * Every service function that returns or changes client data refuses an actor without the
 * right (no consent, wrong organisation, wrong role) with "not found", and records the denial.
 */
useTestDatabase();

let evaCase: string;
let evaConsent: string;
let evaGrant: string;
let evaRequest: string;
let evaRequestLine: string;
let evaId: string;
let karin: StaffActor;
let lena: StaffActor;
let admin: StaffActor;
let stranger: ClientActor;

beforeAll(async () => {
  await seedDemo();
  const [eva] = await db().select().from(clients).where(eq(clients.givenName, "Eva"));
  evaId = eva!.id;
  const [kase] = await db().select().from(cases).where(eq(cases.clientId, evaId));
  evaCase = kase!.id;
  const [consent] = await db().select().from(consents).where(eq(consents.caseId, evaCase));
  evaConsent = consent!.id;
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  admin = await staffActor("admin@fk.samsyn.example");
  const [sam] = await db().select().from(clients).where(eq(clients.givenName, "Sam"));
  stranger = { kind: "client", clientId: sam!.id, sessionId: "s", name: "Sam Nilsson", givenName: "Sam", http: facts };
  evaGrant = (await db().select().from(consentGrants).where(eq(consentGrants.consentId, evaConsent)))[0]!.id;
  // A pending consent request for Eva, which only she may answer.
  const [af] = await db().select().from(organizations).where(eq(organizations.kind, "af"));
  const [afUnit] = await db().select().from(orgUnits).where(eq(orgUnits.organizationId, af!.id));
  evaRequest = await createConsentRequest(await staffActor("sara.lindqvist@berg.samsyn.example"), evaCase, {
    ...terms(),
    lines: [{ discloserOrganizationId: af!.id, recipientOrganizationId: kase!.leadOrganizationId, categoryCode: "af.days_used_job" }],
    unitIds: [afUnit!.id],
  });
  evaRequestLine = (await db().select().from(consentRequestLines).where(eq(consentRequestLines.requestId, evaRequest)))[0]!.id;
});

const terms = () => ({
  purpose: "Ett syfte som räcker.",
  validUntil: new Date(Date.now() + 30 * 24 * 3_600_000),
  lines: [],
  unitIds: [],
});

const calls: [string, () => StaffActor | ClientActor, (actor: never) => Promise<unknown>, string][] = [
  ["getCaseView (organisation not named)", () => karin, (actor) => getCaseView(actor, evaCase), "case.view"],
  ["getCaseView (auditor)", () => lena, (actor) => getCaseView(actor, evaCase), "case.view"],
  ["getCaseView (another client)", () => stranger, (actor) => getCaseView(actor, evaCase), "case.view"],
  ["recordCaseEntry", () => karin, (actor) => recordCaseEntry(actor, evaCase, { categoryCode: "fk.sgi", text: "x" }), "case.data.record"],
  ["closeCase", () => karin, (actor) => closeCase(actor, evaCase), "case.manage"],
  ["createConsentRequest", () => karin, (actor) => createConsentRequest(actor, evaCase, terms()), "case.manage"],
  ["recordConsent", () => karin, (actor) => recordConsent(actor, evaCase, { ...terms(), method: "recorded_oral", givenAt: new Date(), where: "x", information: "y" }), "case.manage"],
  ["consentFormOptions", () => karin, (actor) => consentFormOptions(actor, evaCase), "case.manage"],
  ["lookupClient (administrator)", () => admin, (actor) => lookupClient(actor, "198804129826"), "client.lookup"],
  ["openCase (auditor)", () => lena, (actor) => openCase(actor, evaId), "client.lookup"],
  ["getConsentReceipt (another client)", () => stranger, (actor) => getConsentReceipt(actor, evaConsent), "case.view"],
  ["revokeConsent (another client)", () => stranger, (actor) => revokeConsent(actor, evaConsent), "case.view"],
  ["revokeGrant (another client)", () => stranger, (actor) => revokeGrant(actor, evaGrant), "case.view"],
  ["declineConsentRequest (another client)", () => stranger, (actor) => declineConsentRequest(actor, evaRequest), "case.view"],
  ["beginConsentSigning (another client)", () => stranger, (actor) => beginConsentSigning(actor, evaRequest, [evaRequestLine]), "case.view"],
];

describe("every gated service refuses and records", () => {
  it.each(calls)("%s", async (_name, actorOf, call, action) => {
    const actor = actorOf();
    const before = await denials(actor, action);
    const error = await call(actor as never).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(404);
    expect(await denials(actor, action)).toBe(before + 1);
  });

  it("leaves Eva's consent and request as they were after the refused attempts", async () => {
    const [consent] = await db().select().from(consents).where(eq(consents.id, evaConsent));
    expect(consent).toMatchObject({ revokedAt: null, supersededAt: null });
    const [request] = await db().select().from(consentRequests).where(eq(consentRequests.id, evaRequest));
    expect(request).toMatchObject({ status: "pending" });
  });

  it("shows another client nothing of Eva's under their own consents", async () => {
    const mine = await listConsentsForClient(stranger);
    expect([...mine.current, ...mine.history].map((consent) => consent.id)).not.toContain(evaConsent);
  });

  it("never deletes a case: the database refuses", async () => {
    const error = await getDatabase().rows(sql`delete from cases`).then(() => null, (caught: { cause?: { message?: string } }) => caught);
    expect(String(error?.cause?.message)).toMatch(/closed, never deleted/);
  });
});

async function denials(actor: StaffActor | ClientActor, action: string): Promise<number> {
  const who = actor.kind === "staff" ? eq(auditEvents.actorUserId, actor.userId) : eq(auditEvents.actorClientId, actor.clientId);
  const rows = await db()
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(who, eq(auditEvents.action, action), eq(auditEvents.outcome, "denied")));
  return rows.length;
}
