import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, clients, notifications, organizations, orgUnits } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import type { EidIdentity } from "~/lib/auth/eid.server";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { getCaseView, listCasesForActor, lookupClient, openCase, recordCaseEntry, registerClient } from "~/services/cases.server";
import { getConsentReceipt, listConsentsForClient } from "~/services/consent-views.server";
import { beginConsentSigning, completeConsentSigning, createConsentRequest, recordConsent, revokeConsent, revokeGrant } from "~/services/consent.server";
import { useTestDatabase } from "../support/database";
import { facts, seedDemo, staffActor } from "../support/fixtures";

useTestDatabase();
afterEach(() => vi.useRealTimers());

let sara: StaffActor, erik: StaffActor, karin: StaffActor, maria: StaffActor, lena: StaffActor, perAdmin: StaffActor;
let eva: ClientActor;
const org: Record<string, string> = {};
const unit: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  maria = await staffActor("maria.nilsson@rjh.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  perAdmin = await staffActor("admin@berg.samsyn.example");
  for (const row of await db().select().from(organizations)) org[row.kind] = row.id;
  for (const row of await db().select().from(orgUnits)) unit[row.mailbox.split("@")[1]!.split(".")[0]!] = row.id;
  const [evaRow] = await db().select().from(clients).where(eq(clients.givenName, "Eva"));
  eva = { kind: "client", clientId: evaRow!.id, sessionId: "s", name: "Eva Andersson", givenName: "Eva", http: facts };
});

const identity = (overrides: Partial<EidIdentity> = {}): EidIdentity => ({
  personnummer: "198804129826",
  givenName: "Eva",
  familyName: "Andersson",
  authTime: new Date(),
  idTokenRef: "a".repeat(64),
  returnTo: "/me/consents",
  signingId: undefined,
  ...overrides,
});

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).status).toBe(404);
}

async function lastEvent(actor: StaffActor | ClientActor, action: string) {
  const who = actor.kind === "staff" ? eq(auditEvents.actorUserId, actor.userId) : eq(auditEvents.actorClientId, actor.clientId);
  const rows = await db().select().from(auditEvents).where(and(who, eq(auditEvents.action, action)));
  return rows.at(-1);
}

let caseId: string;
let consentId: string;

describe("the Eva story, service by service", () => {
  it("an officer finds Eva by personal identity number and opens a case; the lookup is audited without the number", async () => {
    const found = await lookupClient(sara, "880412-9826");
    expect(found.status).toBe("found");
    caseId = await openCase(sara, found.status === "found" ? found.client.id : "");
    const lookup = await lastEvent(sara, "client.lookup");
    expect(lookup).toMatchObject({ outcome: "allowed", basis: "identity_lookup", clientId: eva.clientId });
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain("9826");
    expect((await lookupClient(sara, "19880412-9827")).status).toBe("invalid");
  });

  it("a lookup records only the found client's cases as shown, not the officer's whole list", async () => {
    const otherId = await registerClient(sara, { personnummer: "19850505-9819", givenName: "Olle", familyName: "Annan", protectedIdentity: false, preferredLanguage: "sv" });
    await openCase(sara, otherId);
    const lookupFacts = { ...sara, http: { ...facts, requestId: "lookup-only-eva" } };
    const found = await lookupClient(lookupFacts, "198804129826");
    expect(found.status === "found" && found.cases.every((item) => item.clientId === eva.clientId)).toBe(true);
    const listed = await db().select().from(auditEvents).where(and(eq(auditEvents.requestId, "lookup-only-eva"), eq(auditEvents.resourceType, "case_list_item")));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((event) => event.clientId)).not.toContain(otherId);
  });

  it("before consent, AF cannot open the case: 404, and the denial is recorded", async () => {
    await expectNotFound(getCaseView(erik, caseId));
    expect(await lastEvent(erik, "case.view")).toMatchObject({ outcome: "denied", reason: "no_consent", caseId, clientId: eva.clientId });
    expect((await listCasesForActor(erik)).map((item) => item.id)).not.toContain(caseId);
  });

  it("only the lead organisation may ask for consent, within 12 months, for lines that fit", async () => {
    const terms = {
      purpose: "Att planera vägen till arbete tillsammans.",
      validUntil: new Date(Date.now() + 90 * 24 * 3_600_000),
      lines: [
        { discloserOrganizationId: org.af!, recipientOrganizationId: org.municipality_social!, categoryCode: "af.days_used_job" },
        { discloserOrganizationId: org.fk!, recipientOrganizationId: org.municipality_social!, categoryCode: "fk.sickness_benefit" },
      ],
      unitIds: [unit.af!, unit.fk!],
    };
    await expectNotFound(createConsentRequest(erik, caseId, terms));
    await expect(createConsentRequest(sara, caseId, { ...terms, validUntil: new Date(Date.now() + 400 * 24 * 3_600_000) })).rejects.toMatchObject({ code: "consent.valid_until_invalid" });
    await expect(
      createConsentRequest(sara, caseId, { ...terms, lines: [{ discloserOrganizationId: org.af!, recipientOrganizationId: org.municipality_social!, categoryCode: "fk.sickness_benefit" }] }),
    ).rejects.toMatchObject({ code: "consent.invalid_line" });
    const requestId = await createConsentRequest(sara, caseId, terms);
    const { pending } = await listConsentsForClient(eva);
    expect(pending.map((request) => request.id)).toContain(requestId);
  });

  it("Eva's signature must come from Eva, freshly authenticated", async () => {
    const { pending } = await listConsentsForClient(eva);
    const request = pending.find((candidate) => candidate.caseReference && candidate.lines.length === 2)!;
    const signing = await beginConsentSigning(eva, request.id, request.lines.map((line) => line.id));
    await expect(completeConsentSigning(eva, signing, identity({ personnummer: "197501019843" }))).rejects.toMatchObject({ code: "consent.signer_mismatch" });
    await expect(completeConsentSigning(eva, signing, identity({ authTime: new Date(Date.now() - 60 * 60_000) }))).rejects.toMatchObject({ code: "consent.stale_signature" });
    // A provider that does not say when the person authenticated cannot prove a fresh signature.
    await expect(completeConsentSigning(eva, signing, identity({ authTime: null }))).rejects.toMatchObject({ code: "consent.stale_signature" });
    consentId = await completeConsentSigning(eva, signing, identity());
    const receipt = await getConsentReceipt(eva, consentId);
    expect(receipt).toMatchObject({ method: "eid_signed", state: "active", idTokenRef: "a".repeat(64) });
    expect(receipt.grants.map((grant) => grant.category.code).sort()).toEqual(["af.days_used_job", "fk.sickness_benefit"]);
    await expect(beginConsentSigning(eva, request.id, [request.lines[0]!.id])).rejects.toMatchObject({ code: "consent.request_answered" });
  });

  it("AF now sees the case, records its own information, and the municipality sees it through the consent", async () => {
    const view = await getCaseView(erik, caseId);
    expect(await lastEvent(erik, "case.view")).toMatchObject({ outcome: "allowed", basis: `consent:${consentId}` });
    expect(view.client.name).toBe("Eva Andersson");
    await recordCaseEntry(erik, caseId, { categoryCode: "af.days_used_job", text: "312 dagar av 450." });
    const saras = await getCaseView(sara, caseId);
    const section = saras.sections.find((candidate) => candidate.categoryCode === "af.days_used_job")!;
    expect(section).toMatchObject({ shared: true, basis: `consent:${consentId}` });
    expect(section.entries.map((entry) => entry.text)).toEqual(["312 dagar av 450."]);
    expect(await lastEvent(sara, "case.data.view")).toMatchObject({ outcome: "allowed", category: "fk.sickness_benefit" });
    // FK takes part, but AF's information was not shared with FK.
    const karins = await getCaseView(karin, caseId);
    expect(karins.sections.find((candidate) => candidate.categoryCode === "af.days_used_job")).toMatchObject({ shared: false, entries: [] });
    await expectNotFound(recordCaseEntry(erik, caseId, { categoryCode: "municipality.income_support", text: "x" }));
  });

  it("organisations not named, administrators and auditors get nothing, and each refusal is recorded", async () => {
    for (const actor of [maria, perAdmin, lena]) {
      await expectNotFound(getCaseView(actor, caseId));
      expect(await lastEvent(actor, "case.view")).toMatchObject({ outcome: "denied" });
    }
    expect(await lastEvent(perAdmin, "case.view")).toMatchObject({ reason: "role_without_client_access" });
    await expectNotFound(lookupClient(lena, "198804129826"));
    expect(await lastEvent(lena, "client.lookup")).toMatchObject({ outcome: "denied", reason: "role_without_client_access" });
    await expectNotFound(recordCaseEntry(maria, caseId, { categoryCode: "region.rehab_plan", text: "x" }));
    expect(await listCasesForActor(maria)).toEqual([]);
    const stranger: ClientActor = { ...eva, clientId: "00000000-0000-4000-8000-000000000099" };
    await expectNotFound(getConsentReceipt(stranger, consentId));
    await expectNotFound(getCaseView(stranger, caseId));
  });

  it("Eva withdraws AF's line: a new version, AF's next request answers 404 and is recorded, AF is told", async () => {
    const receipt = await getConsentReceipt(eva, consentId);
    const afGrant = receipt.view.grants.find((grant) => grant.category.sv === "Förbrukade dagar i JOB")!;
    const newVersion = await revokeGrant(eva, afGrant.id);
    await expectNotFound(getCaseView(erik, caseId));
    expect(await lastEvent(erik, "case.view")).toMatchObject({ outcome: "denied", reason: "revoked" });
    const saras = await getCaseView(sara, caseId);
    expect(saras.sections.find((candidate) => candidate.categoryCode === "af.days_used_job")).toMatchObject({ shared: false });
    expect((await getConsentReceipt(eva, consentId)).state).toBe("superseded");
    expect(await getConsentReceipt(eva, newVersion)).toMatchObject({ version: 2, supersedesId: consentId, state: "active" });
    const told = await db().select().from(notifications).where(eq(notifications.unitId, unit.af!));
    expect(told.map((notice) => notice.kind)).toContain("consent.withdrawn");
    // FK still takes part through the new version.
    expect((await getCaseView(karin, caseId)).id).toBe(caseId);
    await revokeConsent(eva, newVersion);
    await expectNotFound(getCaseView(karin, caseId));
  });

  it("a consent expires at read time, with no timer", async () => {
    const recorded = await recordConsent(sara, caseId, {
      purpose: "Kort samtycke för test.",
      validUntil: new Date(Date.now() + 24 * 3_600_000),
      lines: [{ discloserOrganizationId: org.municipality_social!, recipientOrganizationId: org.region_health!, categoryCode: "municipality.income_support" }],
      unitIds: [unit.rjh!],
      method: "recorded_oral",
      givenAt: new Date(),
      where: "Telefonsamtal",
      information: "Vad som delas och varför.",
    });
    expect((await getCaseView(maria, caseId)).id).toBe(caseId);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + 2 * 24 * 3_600_000));
    await expectNotFound(getCaseView(maria, caseId));
    expect(await lastEvent(maria, "case.view")).toMatchObject({ outcome: "denied", reason: "expired" });
    expect(recorded).toBeTruthy();
  });
});

describe("protected identity", () => {
  it("shows Sam's name only to officers of the lead unit", async () => {
    const ahmed = await staffActor("ahmed.karimi@berg.samsyn.example");
    const [samCase] = await listCasesForActor(ahmed);
    expect(samCase?.client).toMatchObject({ name: "Sam Nilsson", protectedIdentity: true });
    const colleague = { ...ahmed, unitId: "00000000-0000-4000-8000-0000000000aa" };
    const masked = await getCaseView(colleague, samCase!.id);
    expect(masked.client).toEqual({ id: samCase!.clientId, name: null, personnummer: null, protectedIdentity: true });
    const found = await lookupClient(sara, "19750101-9843");
    expect(found.status === "found" && found.client.name).toBeNull();
  });
});

describe("the case view's consent summary", () => {
  it("carries each current consent's purpose, method and version", async () => {
    const sara = await staffActor("sara.lindqvist@berg.samsyn.example");
    const [seeded] = (await listCasesForActor(sara)).filter((item) => item.reference === "SAM-00001");
    const view = await getCaseView(sara, seeded!.id);
    expect(view.consents[0]).toMatchObject({ method: "recorded_paper", version: 1, purpose: expect.stringContaining("Arbetsförmedlingen") });
  });
});
