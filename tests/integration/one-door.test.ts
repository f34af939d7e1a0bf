import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, clients } from "../../db/schema";
import type { ClientActor, StaffActor } from "~/access/actor";
import { recordLooks } from "~/access/audit/record.server";
import { db } from "~/lib/db.server";
import { luhnCheckDigit } from "~/lib/personnummer";
import { accessLogPage } from "~/services/audit/access-log.server";
import { reviewAuditTrail } from "~/services/audit/review.server";
import { listCasesForActor } from "~/services/cases/list.server";
import { lookupClient, openCase, type NewCase } from "~/services/cases/open.server";
import { getCaseView } from "~/services/cases/view.server";
import { listNotifications, notifyUnits } from "~/services/notifications/notifications.server";
import { recentActivity } from "~/services/plan/feed.server";
import { getPlan } from "~/services/plan/view.server";
import { listRequestsForCase } from "~/services/requests/case-requests.server";
import { holdOpen, useTestDatabase, within } from "../support/database";
import { demoCaseOf, demoClientActor, facts, seedDemo, staffActor } from "../support/fixtures";
import { look, viaGate } from "../support/gate";

/**
 * The one door (docs/architecture.md, ADR 0015): one audit event per client per look, every
 * decision in it, no lock between readers, and a protected identity that stays hidden from an
 * organisation that looks the person up or opens a case of its own.
 */
const database = useTestDatabase();
let erik: StaffActor, karin: StaffActor, sara: StaffActor, lena: StaffActor;
let eva: ClientActor, sam: ClientActor;
let evaCase: string;

/** A number from Skatteverket's test series (birth numbers 980–999) that Samsyn does not know. */
const unknownNumber = (() => {
  const nine = "600202998";
  return `19${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
})();
const samNumber = "19750101-9843";

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  karin = await staffActor("karin.sjoberg@fk.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  lena = await staffActor("lena.aberg@af.samsyn.example");
  eva = await demoClientActor("Eva");
  sam = await demoClientActor("Sam");
  evaCase = (await demoCaseOf("Eva")).id;
});

const eventsOf = (requestId: string) => db().select().from(auditEvents).where(eq(auditEvents.requestId, requestId)).orderBy(auditEvents.id);
const as = <A extends StaffActor | ClientActor>(actor: A, requestId: string): A => ({ ...actor, http: { ...facts, requestId } });

describe("one audit event per look", () => {
  it("the case page — case, plan, feed and requests — is one event for the client, listing every part it read and on what basis", async () => {
    await look(as(erik, "case-page"), async (reader) => {
      await getCaseView(reader, evaCase);
      await getPlan(reader, evaCase);
      await recentActivity(reader, evaCase);
      await listRequestsForCase(reader, evaCase);
    });
    const events = await eventsOf("case-page");
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ action: "case.view", outcome: "allowed", clientId: eva.clientId, caseId: evaCase, actorUserId: erik.userId, resourceType: "case" });
    const reads = event!.reads!;
    expect(reads.map((read) => read.resourceType)).toEqual(expect.arrayContaining(["case", "plan", "case_feed", "case_section", "client_identity"]));
    // Each section shown is in it with its own basis; a section not shared is recorded as withheld.
    const sections = reads.filter((read) => read.resourceType === "case_section");
    expect(sections.find((read) => read.category === "municipality.income_support")).toMatchObject({ outcome: "allowed", basis: expect.stringMatching(/^consent:/) });
    expect(sections.find((read) => read.category === "af.planning_meeting")).toMatchObject({ outcome: "allowed", basis: "own_organization" });
    expect(new Set(reads.map((read) => JSON.stringify(read))).size).toBe(reads.length);
  });

  it("the client's log shows that look as one line, with the information it read", async () => {
    const { entries } = await viaGate(eva, accessLogPage, {}, 0);
    const line = entries.filter((entry) => entry.officer?.name === "Erik Holm");
    expect(line).toHaveLength(1);
    expect(line[0]!.categories.map((category) => category.code)).toEqual(expect.arrayContaining(["municipality.income_support"]));
  });

  it("a refused look is one denied event; the auditor sees it with every decision in it", async () => {
    await viaGate(as(karin, "refused"), getCaseView, evaCase).catch(() => null);
    const [event] = await eventsOf("refused");
    expect(event).toMatchObject({ action: "case.view", outcome: "denied", reason: "no_consent", clientId: eva.clientId });
    const fkAuditor = await staffActor("admin@fk.samsyn.example");
    expect(fkAuditor.role).toBe("org_admin");
    const review = await viaGate(lena, reviewAuditTrail, { personnummer: "19880412-9826" });
    const seen = review.events.find((candidate) => candidate.officer?.name === "Erik Holm" && candidate.action === "case.view");
    expect(seen?.reads.length).toBeGreaterThan(3);
  });

  it("a list writes one event per client it showed or withheld, in one statement", async () => {
    await viaGate(as(sara, "list"), listCasesForActor);
    const events = await eventsOf("list");
    expect(new Set(events.map((event) => event.clientId)).size).toBe(events.length);
    expect(events.every((event) => event.reads!.some((read) => read.resourceType === "case_list_item"))).toBe(true);
  });
});

describe("no lock between readers", () => {
  it("writing a look takes no lock, and no trigger links events on insert", async () => {
    const handle = database.current();
    const triggers = await handle.rows<{ name: string }>(sql`select tgname as name from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`);
    expect(triggers.map((trigger) => trigger.name)).toEqual(["audit_events_no_truncate", "audit_events_no_update_or_delete"]);
    const held = await look(erik, async (reader) => {
      await getCaseView(reader, evaCase);
      await recordLooks(reader.actor, reader.looks(), reader.tx);
      return reader.tx.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory'`);
    });
    const rows = Array.isArray(held) ? held : (held as { rows: unknown[] }).rows;
    expect(rows).toEqual([{ n: 0 }]);
  });

  const postgres = Boolean(process.env.DATABASE_URL);
  it.skipIf(!postgres)("two readers of the same client both finish while the other's transaction is still open (PostgreSQL: needs two connections)", async () => {
    // A second connection holds an open transaction that has written a look for Eva …
    const release = await holdOpen(database.url()!, (tx) =>
      recordLooks(erik, [{ clientId: eva.clientId, action: "case.view", outcome: "allowed", reason: null, caseId: evaCase, resourceType: "case", resourceId: evaCase, category: null, basis: "test", details: undefined, reads: [] }], tx),
    );
    // … while another officer's whole look at Eva's case, audit event included, completes.
    const started = Date.now();
    const view = await within(5_000, viaGate(as(sara, "second-reader"), getCaseView, evaCase));
    await release();
    expect(view?.id).toBe(evaCase);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await eventsOf("second-reader")).toHaveLength(1);
  });
});

describe("identity is the gate's decision (protected identity)", () => {
  const open = (actor: StaffActor, personnummer: string, names = { givenName: "Okänd", familyName: "Person" }) =>
    viaGate(actor, openCase, { personnummer, ...names, protectedIdentity: false, preferredLanguage: "sv" } satisfies NewCase);

  it("a lookup answers the same whether or not Samsyn knows the person: no name, no flag, no other organisation's case", async () => {
    const protectedPerson = await viaGate(erik, lookupClient, samNumber);
    const unknown = await viaGate(erik, lookupClient, unknownNumber);
    const knownElsewhere = await viaGate(karin, lookupClient, "19880412-9826");
    expect(protectedPerson).toEqual({ status: "searched", personnummer: samNumber, cases: [] });
    expect(unknown).toEqual({ status: "searched", personnummer: unknownNumber, cases: [] });
    expect(knownElsewhere).toEqual({ status: "searched", personnummer: "19880412-9826", cases: [] });
    // Opening a case without a name is refused the same way for all three.
    for (const [actor, number] of [[erik, samNumber], [erik, unknownNumber], [karin, "19880412-9826"]] as const) {
      await expect(open(actor, number, { givenName: "", familyName: "" })).rejects.toMatchObject({ code: "client.name_required" });
    }
  });

  it("an officer of another organisation who opens a case for a protected person sees neither name nor number, on the case or in the list", async () => {
    const caseId = await open(erik, samNumber);
    const view = await viaGate(erik, getCaseView, caseId);
    expect(view.viewerIsLead).toBe(true);
    expect(view.client).toEqual({ id: sam.clientId, name: null, personnummer: null, protectedIdentity: true });
    const listed = (await viaGate(erik, listCasesForActor)).find((item) => item.id === caseId);
    expect(listed?.client).toMatchObject({ name: null, personnummer: null });
    // The name typed was not stored, and the unit that holds the identity is unchanged.
    const [row] = await db().select().from(clients).where(eq(clients.id, sam.clientId));
    expect(row).toMatchObject({ givenName: "Sam", familyName: "Nilsson", protectedIdentity: true });
    expect(row!.identityUnitId).not.toBe(erik.unitId);
    // The refusal to show the name is itself recorded.
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, erik.userId), eq(auditEvents.clientId, sam.clientId))).orderBy(desc(auditEvents.id)).limit(1);
    expect(event!.reads).toContainEqual(expect.objectContaining({ action: "identity.view", outcome: "withheld", reason: "protected_identity" }));
    // A notice about the case carries no name either, and the unit holding the identity still sees it.
    await notifyUnits(db(), [erik.unitId], { kind: "plan.changed", caseId });
    const notices = await viaGate(erik, listNotifications);
    expect(JSON.stringify(notices)).not.toMatch(/Sam|Nilsson|9843/);
    const ahmed = await staffActor("ahmed.karimi@berg.samsyn.example");
    const [held] = (await viaGate(ahmed, listCasesForActor)).filter((item) => item.clientId === sam.clientId);
    expect(held?.client).toMatchObject({ name: "Sam Nilsson", personnummer: samNumber });
    // The auditor of Erik's organisation reviews the look without the name either.
    const review = await viaGate(lena, reviewAuditTrail, { officerId: erik.userId });
    expect(review.events.filter((candidate) => candidate.client?.protectedIdentity).every((candidate) => candidate.client!.name === null)).toBe(true);
    expect(JSON.stringify(review.events)).not.toMatch(/Sam Nilsson/);
  });

  it("a person Samsyn does not know is registered by the officer's unit, which then sees the name it gave", async () => {
    const caseId = await open(karin, unknownNumber, { givenName: "Nora", familyName: "Ny" });
    const view = await viaGate(karin, getCaseView, caseId);
    expect(view.client).toMatchObject({ name: "Nora Ny", personnummer: unknownNumber, protectedIdentity: false });
    const [row] = await db().select().from(clients).where(eq(clients.id, view.client.id));
    expect(row!.identityUnitId).toBe(karin.unitId);
  });
});
