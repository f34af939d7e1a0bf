import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, consents } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { accessLogExport, accessLogPage, accessLogPageSize } from "~/services/audit/access-log.server";
import { deniedPerDayThreshold, reviewAuditTrail } from "~/services/audit/review.server";
import { listCasesForActor } from "~/services/cases/list.server";
import { getCaseView } from "~/services/cases/view.server";
import { signInWithPassword } from "~/services/auth/staff-auth.server";
import { recentActivity } from "~/services/plan/feed.server";
import { getPlan } from "~/services/plan/view.server";
import { listRequestsForCase } from "~/services/requests/case-requests.server";
import { describeAction, describeBasis, type AccessLogEntry } from "~/services/audit/export";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClientActor, facts, seedDemo, staffActor } from "../support/fixtures";
import { look, viaGate } from "../support/gate";

useTestDatabase();
let eva: ClientActor;
let erik: StaffActor;
let lena: StaffActor;
let fatima: StaffActor;
let evaCase: string;
let evaConsent: string;

beforeAll(async () => {
  await seedDemo();
  eva = await demoClientActor("Eva");
  erik = await staffActor("erik.holm@af.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  fatima = await staffActor("fatima.hassan@af.samsyn.example");
  evaCase = (await demoCaseOf("Eva")).id;
  evaConsent = (await db().select().from(consents).where(eq(consents.caseId, evaCase)))[0]!.id;
});

describe("Eva's access log", () => {
  it("shows the AF officer's look at her case: who, where, what, and the consent it relied on", async () => {
    await viaGate(erik, getCaseView, evaCase);
    const { entries, organizations } = await viaGate(eva, accessLogPage, {}, 0);
    const view = entries.find((entry) => entry.action === "case.view" && entry.officer?.name === "Erik Holm");
    expect(view).toMatchObject({
      officer: { name: "Erik Holm", title: "Arbetsförmedlare" },
      organization: { name: "Arbetsförmedlingen" },
      unit: { name: "Arbetsförmedlingen Östersund" },
      caseReference: expect.stringMatching(/^SAM-\d{5}$/),
      consentId: evaConsent,
    });
    // The same look read the sections: their categories are on the same line.
    expect(view!.categories.map((category) => category.code)).toEqual(expect.arrayContaining(["municipality.income_support", "af.planning_meeting"]));
    expect(view!.categories.every((category) => category.plain.sv.length > 0)).toBe(true);
    expect(organizations.map((org) => org.name)).toContain("Arbetsförmedlingen");
    // Newest first.
    const times = entries.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("shows one page view as one look, in the page and in the download alike", async () => {
    const caseViews = (entries: AccessLogEntry[]) => entries.filter((entry) => entry.action === "case.view" && entry.officer?.name === "Erik Holm").length;
    const shownBefore = caseViews((await viaGate(eva, accessLogPage, {}, 0)).entries);
    const exportedBefore = caseViews((await viaGate(eva, accessLogExport, {})).entries);
    // What the case page loads in one request: the case, its plan, its feed and its requests — one look, one event.
    const page = { ...erik, http: { ...facts, requestId: "one-case-page-view" } };
    await look(page, async (reader) => {
      await getCaseView(reader, evaCase);
      await getPlan(reader, evaCase);
      await recentActivity(reader, evaCase);
      await listRequestsForCase(reader, evaCase);
    });
    const recorded = await db().select().from(auditEvents).where(and(eq(auditEvents.requestId, "one-case-page-view"), eq(auditEvents.action, "case.view")));
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.reads!.map((read) => read.resourceType)).toEqual(expect.arrayContaining(["case", "plan", "case_feed", "plan_activity"]));
    expect(caseViews((await viaGate(eva, accessLogPage, {}, 0)).entries)).toBe(shownBefore + 1);
    expect(caseViews((await viaGate(eva, accessLogExport, {})).entries)).toBe(exportedBefore + 1);
    // Another request is another look.
    await viaGate({ ...erik, http: { ...facts, requestId: "a-later-look" } }, getCaseView, evaCase);
    expect(caseViews((await viaGate(eva, accessLogPage, {}, 0)).entries)).toBe(shownBefore + 2);
    // Seeing the case as a line of the case list is told apart from opening it.
    await viaGate({ ...erik, http: { ...facts, requestId: "a list" } }, listCasesForActor);
    const [latest, opened] = (await viaGate(eva, accessLogPage, {}, 0)).entries.filter((entry) => entry.action === "case.view");
    expect([latest?.resourceType, describeAction(latest!.action, "sv", latest!.resourceType)]).toEqual(["case_list_item", "såg ditt ärende i en ärendelista"]);
    expect(describeAction(opened!.action, "sv", opened!.resourceType)).toBe("tittade på ditt ärende");
  });

  it("filters by organisation and period, and pages", async () => {
    for (let i = 0; i < accessLogPageSize; i++) await viaGate({ ...erik, http: { ...facts, requestId: `look-${i}` } }, getCaseView, evaCase);
    const af = (await viaGate(eva, accessLogPage, {}, 0)).organizations.find((org) => org.name === "Arbetsförmedlingen")!;
    const first = await viaGate(eva, accessLogPage, { organizationId: af.id }, 0);
    expect(first.entries).toHaveLength(accessLogPageSize);
    expect(first.hasMore).toBe(true);
    expect(first.entries.every((entry) => entry.organization?.id === af.id)).toBe(true);
    const second = await viaGate(eva, accessLogPage, { organizationId: af.id }, 1);
    expect(second.entries[0]!.id).not.toBe(first.entries[0]!.id);
    expect((await viaGate(eva, accessLogPage, { to: new Date("2020-01-01") }, 0)).entries).toEqual([]);
    expect((await viaGate(eva, accessLogPage, { from: new Date(Date.now() - 60_000) }, 0)).entries.length).toBeGreaterThan(0);
  });

  it("shows nothing of other clients, and the export carries the owner", async () => {
    const other: ClientActor = { ...eva, clientId: "00000000-0000-4000-8000-000000000077" };
    expect((await viaGate(other, accessLogPage, {}, 0)).entries).toEqual([]);
    const { entries, owner } = await viaGate(eva, accessLogExport, {});
    expect(owner).toMatchObject({ name: "Eva Andersson", personnummer: "198804129826" });
    expect(entries.length).toBeGreaterThan(accessLogPageSize);
  });
});

describe("the auditor's view", () => {
  it("shows the same event to AF's auditor, found by personal identity number, and records the search", async () => {
    const result = await viaGate(lena, reviewAuditTrail, { personnummer: "19880412-9826" });
    const event = result.events.find((candidate) => candidate.action === "case.view" && candidate.officer?.name === "Erik Holm");
    expect(event).toMatchObject({ outcome: "allowed", basis: `consent:${evaConsent}`, client: { name: "Eva Andersson" } });
    expect(result.events.every((candidate) => candidate.officer === null || candidate.officer.name !== "Sara Lindqvist")).toBe(true);
    const again = await viaGate(lena, reviewAuditTrail, { officerId: lena.userId });
    // The search itself is in the trail, with what was searched for (never the number).
    const search = again.events.find((candidate) => candidate.action === "audit.review" && candidate.resourceType === "audit_trail");
    expect(search).toMatchObject({ outcome: "allowed", basis: "audit_supervision" });
    const [stored] = await db().select().from(auditEvents).where(eq(auditEvents.id, Number(search!.id)));
    expect(stored!.details).toMatchObject({ search: { byClient: true } });
    expect(JSON.stringify(stored)).not.toContain("9826");
    // The list showed Eva: she sees that the auditor reviewed her log, and why.
    const review = (await viaGate(eva, accessLogPage, {}, 0)).entries.find((entry) => entry.action === "audit.review");
    expect(review).toMatchObject({ officer: { name: "Lena Åberg" }, basis: "audit_supervision" });
    expect(describeAction(review!.action, "sv")).toBe("granskade loggen över vem som har tittat på dina uppgifter");
    expect(describeBasis(review!.basis, "en")).toBe("checking that information is used correctly");
  });

  it("marks denied attempts and flags an officer with more than the threshold in a day", async () => {
    // Sam's case is not shared with Arbetsförmedlingen: every try is denied.
    const samCase = (await demoCaseOf("Sam")).id;
    const tryIt = () => viaGate(fatima, getCaseView, samCase).then(() => "shown", () => "refused");
    for (let i = 0; i < deniedPerDayThreshold; i++) expect(await tryIt()).toBe("refused");
    expect((await viaGate(lena, reviewAuditTrail, {})).flagged).toEqual([]);
    expect(await tryIt()).toBe("refused");
    const { flagged } = await viaGate(lena, reviewAuditTrail, {});
    expect(flagged).toEqual([{ userId: fatima.userId, name: "Fatima Hassan", day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), denied: deniedPerDayThreshold + 1 }]);
    const denied = await viaGate(lena, reviewAuditTrail, { officerId: fatima.userId, outcome: "denied" });
    expect(denied.events).toHaveLength(deniedPerDayThreshold + 1);
    expect(denied.events[0]).toMatchObject({ outcome: "denied", reason: "no_consent", client: { name: null, protectedIdentity: true } });
  });

  it("does not flag an officer whose account someone else tried to sign in to", async () => {
    // Wrong passwords from one address: past the free tries they are throttled (denied), naming David's account (ADR 0006).
    for (let i = 0; i < 20; i++) {
      await signInWithPassword({ email: "david.sundin@af.samsyn.example", password: "gissning" }, { requestId: `guess-${i}`, clientIp: "203.0.113.10" });
    }
    const denials = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, "demo-david"), eq(auditEvents.outcome, "denied")));
    expect(denials.length).toBeGreaterThan(deniedPerDayThreshold);
    expect((await viaGate(lena, reviewAuditTrail, {})).flagged.map((officer) => officer.name)).not.toContain("David Sundin");
  });

  it("is for auditors only: anyone else is refused (404), and the refusal is recorded", async () => {
    const error = await viaGate(erik, reviewAuditTrail, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(404);
    const [refused] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, erik.userId), eq(auditEvents.action, "audit.review")));
    expect(refused).toMatchObject({ outcome: "denied", reason: "not_permitted" });
  });
});
