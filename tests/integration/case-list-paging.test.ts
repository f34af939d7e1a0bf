import { and, eq, gt, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, caseParticipants, cases, openedAtOfCase, orgUnits } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import { db } from "~/lib/db.server";
import { casesPerPage, listCasePage } from "~/services/cases/list.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, demoClient, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";
import { appRoutes, callRoute } from "../support/routes";
import { loadWorld, type World } from "../support/world";

/**
 * The case list a page at a time (issue 14: 10 001 cases in one request ran 57 s and ended in a
 * 500): newest first, keyset on opened at and id, so every page reads one page of rows and
 * records only the lines it shows (to the microsecond: cases opened at once are not skipped); a
 * malformed page link answers 400.
 */
useTestDatabase();

let sara: StaffActor;
let erik: StaffActor;
let world: World;
const extra = 60;

beforeAll(async () => {
  world = await loadWorld();
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  erik = await staffActor("erik.holm@af.samsyn.example");
  const eva = await demoClient("Eva");
  const lead = await demoCaseOf("Eva");
  // Sixty more cases the municipality leads, one a minute apart, some at the very same instant.
  const base = Date.now() - 10 * 86_400_000;
  await db()
    .insert(cases)
    .values(Array.from({ length: extra }, (_, i) => ({ clientId: eva.id, leadOrganizationId: lead.leadOrganizationId, leadUnitId: lead.leadUnitId, openedBy: "demo-sara", openedAt: new Date(base + Math.floor(i / 3) * 60_000) })));
  // And sixty opened in one statement, as an import would: one opened-at, to the microsecond, for all.
  await db()
    .insert(cases)
    .values(Array.from({ length: extra }, () => ({ clientId: eva.id, leadOrganizationId: lead.leadOrganizationId, leadUnitId: lead.leadUnitId, openedBy: "demo-sara" })));
});

describe("the case list, a page at a time", () => {
  it("lists every case once, newest first, fifty to a page", async () => {
    const first = await viaGate(sara, listCasePage, null);
    expect(first.cases).toHaveLength(casesPerPage);
    expect(first.next).not.toBeNull();
    const seen = [...first.cases];
    let next = first.next;
    while (next) {
      const page = await viaGate(sara, listCasePage, next);
      seen.push(...page.cases);
      next = page.next;
    }
    // Every case Bergs kommun's social services lead, each once (it takes part in no other here).
    const led = await db().select({ id: cases.id }).from(cases).where(eq(cases.leadOrganizationId, sara.organizationId));
    expect(led.length).toBeGreaterThan(extra);
    expect(new Set(seen.map((item) => item.id))).toEqual(new Set(led.map((row) => row.id)));
    expect(seen).toHaveLength(led.length);
    const times = seen.map((item) => item.openedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("lists the cases an organisation takes part in once each, across pages, when two of its units take part", async () => {
    const led = await db().select({ id: cases.id }).from(cases).where(eq(cases.leadOrganizationId, sara.organizationId));
    const [second] = await db().insert(orgUnits).values({ organizationId: erik.organizationId, name: "Arbetsförmedlingen Krokom", mailbox: "krokom@af.samsyn.example" }).returning();
    const joined = led.slice(0, 2 * extra);
    await db()
      .insert(caseParticipants)
      .values(joined.map(({ id }) => ({ caseId: id, organizationId: erik.organizationId, unitId: erik.unitId, addedBy: "demo-sara", caseOpenedAt: openedAtOfCase(id) })))
      .onConflictDoNothing();
    await db()
      .insert(caseParticipants)
      .values(joined.slice(0, extra).map(({ id }) => ({ caseId: id, organizationId: erik.organizationId, unitId: second!.id, addedBy: "demo-sara", caseOpenedAt: openedAtOfCase(id) })));
    const expected = await db().selectDistinct({ id: caseParticipants.caseId }).from(caseParticipants).where(eq(caseParticipants.organizationId, erik.organizationId));
    expect(expected.length).toBeGreaterThan(casesPerPage);
    // The gate decides each line (AF sees Eva's case only under her consent, so most lines are
    // withheld): the lines decided, as the trail records them, are every case once.
    const [{ last }] = (await db().select({ last: sql<number>`coalesce(max(${auditEvents.id}), 0)` }).from(auditEvents)) as [{ last: number }];
    let next: string | null = null;
    do next = (await viaGate(erik, listCasePage, next)).next;
    while (next);
    const events = await db().select().from(auditEvents).where(and(eq(auditEvents.actorUserId, erik.userId), gt(auditEvents.id, last)));
    const decided = events.flatMap((event) => (event.reads ?? []).filter((read) => read.resourceType === "case_list_item").map((read) => read.resourceId));
    expect([...decided].sort()).toEqual(expected.map((row) => row.id).sort());
  });

  it("names the clients without their personal identity numbers", async () => {
    const first = await viaGate(sara, listCasePage, null);
    expect(first.cases.some((item) => item.client.name !== null)).toBe(true);
    expect(first.cases.every((item) => item.client.personnummer === null)).toBe(true);
  });

  it("answers a malformed page link with 400 and a translated code, through the page", async () => {
    const route = appRoutes.find((candidate) => candidate.file === "cases._index.tsx")!;
    const cookie = await world.cookie("sara");
    for (const after of ["x", "2026-01-01T00:00:00.000Z_00000000-0000-4000-8000-000000000000", "2026-01-01T00:00:00.000000Z_not-an-id", "9999-99-99T99:99:99.000000Z_00000000-0000-4000-8000-000000000000"]) {
      const outcome = await callRoute(route, { cookie, search: `?after=${encodeURIComponent(after)}` });
      expect(outcome.status, after).toBe(400);
      expect(outcome.text, after).toContain("page.invalid_cursor");
    }
    const first = await callRoute(route, { cookie });
    const { next } = JSON.parse(first.text!) as { next: string };
    expect((await callRoute(route, { cookie, search: `?after=${encodeURIComponent(next)}` })).status).toBe(200);
  });
});
