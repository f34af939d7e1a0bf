import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consentGrants, consentRequestLines, consentRequests, consents, organizations, orgUnits } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db, getDatabase } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { closeCase, recordCaseEntry } from "~/services/cases/entries.server";
import { lookupClient, openCase } from "~/services/cases/open.server";
import { getCaseView } from "~/services/cases/view.server";
import { consentFormOptions, createConsentRequest, recordConsent } from "~/services/consent/ask.server";
import { revokeConsent, revokeGrant } from "~/services/consent/revoke.server";
import { beginConsentSigning, declineConsentRequest } from "~/services/consent/signing.server";
import { getConsentReceipt, listConsentsForClient } from "~/services/consent/views.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClient, demoClientActor, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

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
  evaId = (await demoClient("Eva")).id;
  const kase = await demoCaseOf("Eva");
  evaCase = kase.id;
  const [consent] = await db().select().from(consents).where(eq(consents.caseId, evaCase));
  evaConsent = consent!.id;
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  admin = await staffActor("admin@fk.samsyn.example");
  stranger = await demoClientActor("Sam");
  evaGrant = (await db().select().from(consentGrants).where(eq(consentGrants.consentId, evaConsent)))[0]!.id;
  // A pending consent request for Eva, which only she may answer.
  const [af] = await db().select().from(organizations).where(eq(organizations.kind, "af"));
  const [afUnit] = await db().select().from(orgUnits).where(eq(orgUnits.organizationId, af!.id));
  evaRequest = await viaGate(await staffActor("sara.lindqvist@berg.samsyn.example"), createConsentRequest, evaCase, {
    ...terms(),
    lines: [{ discloserOrganizationId: af!.id, recipientOrganizationId: kase.leadOrganizationId, categoryCode: "af.days_used_job" }],
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
  ["getCaseView (a malformed id is not found, and nothing to decide)", () => karin, (actor) => viaGate(actor, getCaseView, "not-a-uuid"), "none"],
  ["getCaseView (organisation not named)", () => karin, (actor) => viaGate(actor, getCaseView, evaCase), "case.view"],
  ["getCaseView (auditor)", () => lena, (actor) => viaGate(actor, getCaseView, evaCase), "case.view"],
  ["getCaseView (another client)", () => stranger, (actor) => viaGate(actor, getCaseView, evaCase), "case.view"],
  ["recordCaseEntry (cannot see the case)", () => karin, (actor) => viaGate(actor, recordCaseEntry, evaCase, { categoryCode: "fk.sgi", text: "x" }), "case.view"],
  ["closeCase", () => karin, (actor) => viaGate(actor, closeCase, evaCase), "case.manage"],
  ["createConsentRequest", () => karin, (actor) => viaGate(actor, createConsentRequest, evaCase, terms()), "case.manage"],
  ["recordConsent", () => karin, (actor) => viaGate(actor, recordConsent, evaCase, { ...terms(), method: "recorded_oral", givenAt: new Date(), where: "x", information: "y" }), "case.manage"],
  ["consentFormOptions", () => karin, (actor) => viaGate(actor, consentFormOptions, evaCase), "case.manage"],
  ["lookupClient (administrator)", () => admin, (actor) => viaGate(actor, lookupClient, "198804129826"), "client.lookup"],
  ["openCase (auditor)", () => lena, (actor: StaffActor) => viaGate(actor, openCase, { personnummer: "198804129826", givenName: "E", familyName: "A", protectedIdentity: false, preferredLanguage: "sv" }), "client.lookup"],
  ["getConsentReceipt (another client)", () => stranger, (actor) => viaGate(actor, getConsentReceipt, evaConsent), "case.view"],
  ["revokeConsent (another client)", () => stranger, (actor) => viaGate(actor, revokeConsent, evaConsent), "case.view"],
  ["revokeGrant (another client)", () => stranger, (actor) => viaGate(actor, revokeGrant, evaConsent, evaGrant), "case.view"],
  ["declineConsentRequest (another client)", () => stranger, (actor) => viaGate(actor, declineConsentRequest, evaRequest), "case.view"],
  ["beginConsentSigning (another client)", () => stranger, (actor) => viaGate(actor, beginConsentSigning, evaRequest, [evaRequestLine]), "case.view"],
];

describe("every gated service refuses and records", () => {
  it.each(calls)("%s", async (_name, actorOf, call, action) => {
    const actor = actorOf();
    const before = await denials(actor, action);
    const error = await call(actor as never).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(404);
    expect(await denials(actor, action)).toBe(action === "none" ? before : before + 1);
  });

  it("records a refusal as one denied event naming what was asked, with the policy's reason", async () => {
    await viaGate(karin, getCaseView, evaCase).catch(() => null);
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.actorUserId, karin.userId)).orderBy(sql`${auditEvents.id} desc`).limit(1);
    expect(event).toMatchObject({ action: "case.view", outcome: "denied", reason: "no_consent", clientId: evaId, caseId: evaCase });
    expect(event!.reads).toEqual([expect.objectContaining({ action: "case.view", outcome: "denied", reason: "no_consent", resourceType: "case" })]);
  });

  it("leaves Eva's consent and request as they were after the refused attempts", async () => {
    const [consent] = await db().select().from(consents).where(eq(consents.id, evaConsent));
    expect(consent).toMatchObject({ revokedAt: null, supersededAt: null });
    const [request] = await db().select().from(consentRequests).where(eq(consentRequests.id, evaRequest));
    expect(request).toMatchObject({ status: "pending" });
  });

  it("shows another client nothing of Eva's under their own consents", async () => {
    const mine = await viaGate(stranger, listConsentsForClient);
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
