import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents, notifications, organizations, orgUnits } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import type { EidIdentity } from "~/lib/auth/eid.server";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { recordCaseEntry } from "~/services/cases/entries.server";
import { listCasesForActor } from "~/services/cases/list.server";
import { lookupClient, openCase } from "~/services/cases/open.server";
import { getCaseView } from "~/services/cases/view.server";
import { createConsentRequest, recordConsent } from "~/services/consent/ask.server";
import { revokeConsent, revokeGrant } from "~/services/consent/revoke.server";
import { beginConsentSigning, completeConsentSigning } from "~/services/consent/signing.server";
import { getConsentReceipt, listConsentsForClient } from "~/services/consent/views.server";
import { useTestDatabase } from "../support/database";
import { demoClientActor, facts, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

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
  eva = await demoClientActor("Eva");
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

/** The actor's latest event with this action (one look or change is one event). */
async function lastEvent(actor: StaffActor | ClientActor, action: string) {
  const who = actor.kind === "staff" ? eq(auditEvents.actorUserId, actor.userId) : eq(auditEvents.actorClientId, actor.clientId);
  const [row] = await db().select().from(auditEvents).where(and(who, eq(auditEvents.action, action))).orderBy(desc(auditEvents.id)).limit(1);
  return row;
}

const newCase = (personnummer: string, names: { givenName?: string; familyName?: string } = {}) => ({
  personnummer,
  givenName: names.givenName ?? "",
  familyName: names.familyName ?? "",
  protectedIdentity: false,
  preferredLanguage: "sv" as const,
});

let caseId: string;
let consentId: string;

describe("the Eva story, service by service", () => {
  it("an officer finds Eva by personal identity number and opens a case; the lookup is audited without the number", async () => {
    const found = await viaGate(sara, lookupClient, "880412-9826");
    // Sara's unit already has Eva's seeded case: the lookup lists it, and a new case needs no name.
    expect(found).toMatchObject({ status: "searched", personnummer: "19880412-9826", cases: [expect.objectContaining({ clientId: eva.clientId })] });
    caseId = await viaGate(sara, openCase, newCase("880412-9826"));
    const lookup = await lastEvent(sara, "client.lookup");
    expect(lookup).toMatchObject({ outcome: "allowed", basis: "identity_lookup", clientId: eva.clientId });
    expect(JSON.stringify(await db().select().from(auditEvents))).not.toContain("9826");
    expect((await viaGate(sara, lookupClient, "19880412-9827")).status).toBe("invalid");
  });

  it("a lookup records only the found client's cases as shown, not the officer's whole list", async () => {
    const otherCase = await viaGate(sara, openCase, newCase("19850505-9819", { givenName: "Olle", familyName: "Annan" }));
    const otherId = (await viaGate(sara, getCaseView, otherCase)).client.id;
    const lookupFacts = { ...sara, http: { ...facts, requestId: "lookup-only-eva" } };
    const found = await viaGate(lookupFacts, lookupClient, "198804129826");
    expect(found.status === "searched" && found.cases.length > 0 && found.cases.every((item) => item.clientId === eva.clientId)).toBe(true);
    // One look: one event, about Eva only, naming the lookup and each of her cases it listed.
    const looked = await db().select().from(auditEvents).where(eq(auditEvents.requestId, "lookup-only-eva"));
    expect(looked.map((event) => event.clientId)).toEqual([eva.clientId]);
    expect(looked[0]!.reads!.filter((read) => read.resourceType === "case_list_item").length).toBe(found.status === "searched" ? found.cases.length : -1);
    expect(otherId).not.toBe(eva.clientId);
  });

  it("before consent, AF cannot open the case: 404, and the denial is recorded", async () => {
    await expectNotFound(viaGate(erik, getCaseView, caseId));
    expect(await lastEvent(erik, "case.view")).toMatchObject({ outcome: "denied", reason: "no_consent", caseId, clientId: eva.clientId });
    expect((await viaGate(erik, listCasesForActor)).map((item) => item.id)).not.toContain(caseId);
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
    await expectNotFound(viaGate(erik, createConsentRequest, caseId, terms));
    await expect(viaGate(sara, createConsentRequest, caseId, { ...terms, validUntil: new Date(Date.now() + 400 * 24 * 3_600_000) })).rejects.toMatchObject({ code: "consent.valid_until_invalid" });
    await expect(
      viaGate(sara, createConsentRequest, caseId, { ...terms, lines: [{ discloserOrganizationId: org.af!, recipientOrganizationId: org.municipality_social!, categoryCode: "fk.sickness_benefit" }] }),
    ).rejects.toMatchObject({ code: "consent.invalid_line" });
    const requestId = await viaGate(sara, createConsentRequest, caseId, terms);
    const { pending } = await viaGate(eva, listConsentsForClient);
    expect(pending.map((request) => request.id)).toContain(requestId);
  });

  it("Eva's signature must come from Eva, freshly authenticated", async () => {
    const { pending } = await viaGate(eva, listConsentsForClient);
    const request = pending.find((candidate) => candidate.caseReference && candidate.lines.length === 2)!;
    const signing = await viaGate(eva, beginConsentSigning, request.id, request.lines.map((line) => line.id));
    await expect(viaGate(eva, completeConsentSigning, signing, identity({ personnummer: "197501019843" }))).rejects.toMatchObject({ code: "consent.signer_mismatch" });
    await expect(viaGate(eva, completeConsentSigning, signing, identity({ authTime: new Date(Date.now() - 60 * 60_000) }))).rejects.toMatchObject({ code: "consent.stale_signature" });
    // A provider that does not say when the person authenticated cannot prove a fresh signature.
    await expect(viaGate(eva, completeConsentSigning, signing, identity({ authTime: null }))).rejects.toMatchObject({ code: "consent.stale_signature" });
    consentId = await viaGate(eva, completeConsentSigning, signing, identity());
    const receipt = await viaGate(eva, getConsentReceipt, consentId);
    expect(receipt).toMatchObject({ method: "eid_signed", state: "active", idTokenRef: "a".repeat(64) });
    expect(receipt.grants.map((grant) => grant.category.code).sort()).toEqual(["af.days_used_job", "fk.sickness_benefit"]);
    await expect(viaGate(eva, beginConsentSigning, request.id, [request.lines[0]!.id])).rejects.toMatchObject({ code: "consent.request_answered" });
  });

  it("AF now sees the case, records its own information, and the municipality sees it through the consent", async () => {
    const view = await viaGate(erik, getCaseView, caseId);
    expect(await lastEvent(erik, "case.view")).toMatchObject({ outcome: "allowed", basis: `consent:${consentId}` });
    expect(view.client.name).toBe("Eva Andersson");
    await viaGate(erik, recordCaseEntry, caseId, { categoryCode: "af.days_used_job", text: "312 dagar av 450." });
    const saras = await viaGate(sara, getCaseView, caseId);
    const section = saras.sections.find((candidate) => candidate.categoryCode === "af.days_used_job")!;
    expect(section).toMatchObject({ shared: true, basis: `consent:${consentId}` });
    expect(section.entries.map((entry) => entry.text)).toEqual(["312 dagar av 450."]);
    // The section reads are part of Sara's look at the case: one event, every part in it.
    const look = await lastEvent(sara, "case.view");
    expect(look!.reads).toContainEqual(expect.objectContaining({ action: "case.data.view", outcome: "allowed", category: "fk.sickness_benefit", resourceType: "case_section" }));
    // FK takes part, but AF's information was not shared with FK.
    const karins = await viaGate(karin, getCaseView, caseId);
    expect(karins.sections.find((candidate) => candidate.categoryCode === "af.days_used_job")).toMatchObject({ shared: false, entries: [] });
    await expectNotFound(viaGate(erik, recordCaseEntry, caseId, { categoryCode: "municipality.income_support", text: "x" }));
  });

  it("organisations not named, administrators and auditors get nothing, and each refusal is recorded", async () => {
    for (const actor of [maria, perAdmin, lena]) {
      await expectNotFound(viaGate(actor, getCaseView, caseId));
      expect(await lastEvent(actor, "case.view")).toMatchObject({ outcome: "denied" });
    }
    expect(await lastEvent(perAdmin, "case.view")).toMatchObject({ reason: "role_without_client_access" });
    await expectNotFound(viaGate(lena, lookupClient, "198804129826"));
    expect(await lastEvent(lena, "client.lookup")).toMatchObject({ outcome: "denied", reason: "role_without_client_access" });
    await expectNotFound(viaGate(maria, recordCaseEntry, caseId, { categoryCode: "region.rehab_plan", text: "x" }));
    expect(await viaGate(maria, listCasesForActor)).toEqual([]);
    const stranger: ClientActor = { ...eva, clientId: "00000000-0000-4000-8000-000000000099" };
    await expectNotFound(viaGate(stranger, getConsentReceipt, consentId));
    await expectNotFound(viaGate(stranger, getCaseView, caseId));
  });

  it("Eva withdraws AF's line: a new version, AF's next request answers 404 and is recorded, AF is told", async () => {
    const receipt = await viaGate(eva, getConsentReceipt, consentId);
    const afGrant = receipt.view.grants.find((grant) => grant.category.sv === "Förbrukade dagar i JOB")!;
    const newVersion = await viaGate(eva, revokeGrant, receipt.id, afGrant.id);
    await expectNotFound(viaGate(erik, getCaseView, caseId));
    expect(await lastEvent(erik, "case.view")).toMatchObject({ outcome: "denied", reason: "revoked" });
    const saras = await viaGate(sara, getCaseView, caseId);
    expect(saras.sections.find((candidate) => candidate.categoryCode === "af.days_used_job")).toMatchObject({ shared: false });
    expect((await viaGate(eva, getConsentReceipt, consentId)).state).toBe("superseded");
    expect(await viaGate(eva, getConsentReceipt, newVersion)).toMatchObject({ version: 2, supersedesId: consentId, state: "active" });
    const told = await db().select().from(notifications).where(eq(notifications.unitId, unit.af!));
    expect(told.map((notice) => notice.kind)).toContain("consent.withdrawn");
    // FK still takes part through the new version.
    expect((await viaGate(karin, getCaseView, caseId)).id).toBe(caseId);
    await viaGate(eva, revokeConsent, newVersion);
    await expectNotFound(viaGate(karin, getCaseView, caseId));
  });

  it("a consent expires at read time, with no timer", async () => {
    const recorded = await viaGate(sara, recordConsent, caseId, {
      purpose: "Kort samtycke för test.",
      validUntil: new Date(Date.now() + 24 * 3_600_000),
      lines: [{ discloserOrganizationId: org.municipality_social!, recipientOrganizationId: org.region_health!, categoryCode: "municipality.income_support" }],
      unitIds: [unit.rjh!],
      method: "recorded_oral",
      givenAt: new Date(),
      where: "Telefonsamtal",
      information: "Vad som delas och varför.",
    });
    expect((await viaGate(maria, getCaseView, caseId)).id).toBe(caseId);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + 2 * 24 * 3_600_000));
    await expectNotFound(viaGate(maria, getCaseView, caseId));
    expect(await lastEvent(maria, "case.view")).toMatchObject({ outcome: "denied", reason: "expired" });
    expect(recorded).toBeTruthy();
  });
});

describe("protected identity", () => {
  it("shows Sam's name only to officers of the unit that holds his identity", async () => {
    const ahmed = await staffActor("ahmed.karimi@berg.samsyn.example");
    const [samCase] = await viaGate(ahmed, listCasesForActor);
    expect(samCase?.client).toMatchObject({ name: "Sam Nilsson", protectedIdentity: true });
    const colleague = { ...ahmed, unitId: "00000000-0000-4000-8000-0000000000aa" };
    const masked = await viaGate(colleague, getCaseView, samCase!.id);
    expect(masked.client).toEqual({ id: samCase!.clientId, name: null, personnummer: null, protectedIdentity: true });
    const found = await viaGate(sara, lookupClient, "19750101-9843");
    // Sara's unit has no case with Sam: the answer says nothing about him (ADR 0015).
    expect(found).toEqual({ status: "searched", personnummer: "19750101-9843", cases: [] });
  });
});

describe("the case view's consent summary", () => {
  it("carries each current consent's purpose, method and version", async () => {
    const sara = await staffActor("sara.lindqvist@berg.samsyn.example");
    const [seeded] = (await viaGate(sara, listCasesForActor)).filter((item) => item.reference === "SAM-00001");
    const view = await viaGate(sara, getCaseView, seeded!.id);
    expect(view.consents[0]).toMatchObject({ method: "recorded_paper", version: 1, purpose: expect.stringContaining("Arbetsförmedlingen") });
  });
});
