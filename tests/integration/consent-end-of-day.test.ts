import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { consents, organizations, orgUnits } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { formatDate } from "~/lib/format";
import { openCase } from "~/services/cases/open.server";
import { getCaseView } from "~/services/cases/view.server";
import { createConsentRequest, recordConsent } from "~/services/consent/ask.server";
import { consentToFhir } from "~/services/consent/fhir";
import { consentTermsSchema, recordConsentSchema } from "~/services/consent/forms";
import { consentFormDates } from "~/services/consent/terms.server";
import { getConsentReceipt, listConsentsForClient } from "~/services/consent/views.server";
import { useTestDatabase } from "../support/database";
import { demoClientActor, seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/**
 * "Valid until YYYY-MM-DD", typed in the consent form, holds through the whole of that day in
 * Sweden (23:59:59.999 Europe/Stockholm, ADR 0017), in summer and in winter time, and reads back
 * as that day. The forms are parsed as the route actions parse them.
 */
useTestDatabase();
afterEach(() => vi.useRealTimers());

let sara: StaffActor, maria: StaffActor;
let eva: ClientActor;
const org: Record<string, string> = {};
const unit: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  maria = await staffActor("maria.nilsson@rjh.samsyn.example");
  for (const row of await db().select().from(organizations)) org[row.kind] = row.id;
  for (const row of await db().select().from(orgUnits)) unit[row.mailbox.split("@")[1]!.split(".")[0]!] = row.id;
  eva = await demoClientActor("Eva");
});

const at = (iso: string) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(iso));
};

/** The consent form as the officer fills it in: the municipality may tell the region about income support. */
const form = (validUntil: string, givenAt: string) => ({
  line: `${org.municipality_social}|${org.region_health}|municipality.income_support`,
  [`unit:${org.region_health}`]: unit.rjh!,
  purpose: "Att planera rehabiliteringen tillsammans.",
  validUntil,
  method: "recorded_oral",
  givenAt,
  where: "Telefonsamtal",
  information: "Vad som delas, med vem och varför.",
});

async function recordedCase(validUntil: string, givenAt: string) {
  const caseId = await viaGate(sara, openCase, { personnummer: "198804129826", givenName: "", familyName: "", protectedIdentity: false, preferredLanguage: "sv" });
  const consentId = await viaGate(sara, recordConsent, caseId, recordConsentSchema.parse(form(validUntil, givenAt)));
  return { caseId, consentId };
}

/** Whether the region may open the case now: the consent is its only way in. */
async function regionSees(caseId: string): Promise<boolean> {
  const caught = await viaGate(maria, getCaseView, caseId).then(() => null, (error: unknown) => error);
  if (caught === null) return true;
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).status).toBe(404);
  return false;
}

describe("a consent valid until a typed day", () => {
  it("in summer time: valid until 2027-06-30 holds to 23:59:59.999 Swedish time (21:59:59.999 UTC), and shows as 30 June", async () => {
    at("2027-05-10T08:00:00Z");
    const { caseId, consentId } = await recordedCase("2027-06-30", "2027-05-10");
    const [stored] = await db().select().from(consents).where(eq(consents.id, consentId));
    expect(stored!.validUntil.toISOString()).toBe("2027-06-30T21:59:59.999Z");

    at("2027-06-30T21:59:59Z");
    expect(await regionSees(caseId)).toBe(true);
    const receipt = await viaGate(eva, getConsentReceipt, consentId);
    expect(receipt.state).toBe("active");
    // What the client and the FHIR download say: the day typed, not the next one.
    expect(formatDate(receipt.view.validUntil, "sv", "long")).toBe("30 juni 2027");
    expect(formatDate(receipt.view.validUntil, "en", "long")).toBe("30 June 2027");
    expect(consentToFhir(receipt, { baseUrl: "https://samsyn.example.se", language: "sv" }).text.div).toContain("till och med 30 juni 2027.");
    expect(consentToFhir(receipt, { baseUrl: "https://samsyn.example.se", language: "en" }).text.div).toContain("up to and including 30 June 2027.");

    at("2027-06-30T21:59:59.999Z");
    expect(await regionSees(caseId)).toBe(true);

    at("2027-06-30T22:00:00Z");
    expect(await regionSees(caseId)).toBe(false);
    expect((await viaGate(eva, getConsentReceipt, consentId)).state).toBe("expired");
  });

  it("in winter time: valid until 2027-01-31 holds to 23:59:59.999 Swedish time (22:59:59.999 UTC), and shows as 31 January", async () => {
    at("2026-12-20T10:00:00Z");
    const { caseId, consentId } = await recordedCase("2027-01-31", "2026-12-18");
    const [stored] = await db().select().from(consents).where(eq(consents.id, consentId));
    expect(stored!.validUntil.toISOString()).toBe("2027-01-31T22:59:59.999Z");

    at("2027-01-31T22:59:59Z");
    expect(await regionSees(caseId)).toBe(true);
    const receipt = await viaGate(eva, getConsentReceipt, consentId);
    expect(receipt.state).toBe("active");
    expect(formatDate(receipt.view.validUntil, "sv", "long")).toBe("31 januari 2027");
    expect(formatDate(receipt.view.validUntil, "en", "long")).toBe("31 January 2027");

    at("2027-01-31T23:00:00Z");
    expect(await regionSees(caseId)).toBe(false);
    expect((await viaGate(eva, getConsentReceipt, consentId)).state).toBe("expired");
  });

  it("a question about consent carries the same last instant to the client", async () => {
    at("2027-05-10T08:00:00Z");
    const caseId = await viaGate(sara, openCase, { personnummer: "198804129826", givenName: "", familyName: "", protectedIdentity: false, preferredLanguage: "sv" });
    const { line, purpose, validUntil } = form("2027-06-30", "");
    const requestId = await viaGate(sara, createConsentRequest, caseId, consentTermsSchema.parse({ line, purpose, validUntil, [`unit:${org.region_health}`]: unit.rjh! }));
    const { pending } = await viaGate(eva, listConsentsForClient);
    const asked = pending.find((request) => request.id === requestId)!;
    expect(asked.validUntil).toBe("2027-06-30T21:59:59.999Z");
    expect(formatDate(asked.validUntil, "sv", "long")).toBe("30 juni 2027");
  });
});

describe("the form's dates are Swedish days", () => {
  it("offers today, six and twelve months on by the Swedish calendar, also just after midnight in Sweden", () => {
    // 00:30 on 1 March in Sweden is still 28 February in UTC.
    expect(consentFormDates(new Date("2027-02-28T23:30:00Z"))).toEqual({ today: "2027-03-01", defaultUntil: "2027-09-01", maxUntil: "2028-03-01" });
    expect(consentFormDates(new Date("2027-08-31T10:00:00Z"))).toEqual({ today: "2027-08-31", defaultUntil: "2028-02-29", maxUntil: "2028-08-31" });
  });

  it("accepts the last day the form offers and refuses the day after", async () => {
    at("2027-05-10T08:00:00Z");
    const { caseId } = await recordedCase("2028-05-10", "2027-05-10");
    expect(caseId).toBeTruthy();
    await expect(recordedCase("2028-05-11", "2027-05-10")).rejects.toMatchObject({ code: "consent.valid_until_invalid" });
  });

  it("accepts a consent given today in the early morning, Swedish time, and not one given tomorrow", async () => {
    // 07:15 in Sweden: noon UTC of the same day is still ahead.
    at("2027-01-12T06:15:00Z");
    const { consentId } = await recordedCase("2027-03-31", "2027-01-12");
    const [stored] = await db().select().from(consents).where(eq(consents.id, consentId));
    expect(stored!.givenAt.toISOString()).toBe("2027-01-11T23:00:00.000Z");
    expect(formatDate(stored!.givenAt, "sv")).toBe("12 jan. 2027");
    await expect(recordedCase("2027-03-31", "2027-01-13")).rejects.toMatchObject({ code: "consent.given_at_invalid" });
    await expect(recordedCase("2027-03-31", "2026-12-11")).rejects.toMatchObject({ code: "consent.given_at_invalid" });
    expect(await recordedCase("2027-03-31", "2026-12-12")).toMatchObject({ consentId: expect.any(String) });
  });
});
