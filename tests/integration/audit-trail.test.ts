import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "~/access/actor";
import type { DatabaseHandle } from "~/lib/db.server";
import { closeCase, getCaseView, listCasesForActor, openCase, recordCaseEntry, registerClient } from "~/services/cases.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";

const database = useTestDatabase();
let erik: StaffActor;
let sara: StaffActor;
let evaCase: string;

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  const [first] = await listCasesForActor(sara);
  evaCase = first!.id;
});

const eventsOf = (handle: DatabaseHandle) =>
  handle.rows<{ id: string; action: string; basis: string | null; outcome: string; category: string | null; case_id: string | null }>(
    sql`select id, action, basis, outcome, category, case_id from audit_events order by id`,
  );

describe("audit trail", () => {
  it("every gated read writes exactly one event with the right basis", async () => {
    const handle = database.current();
    const before = (await eventsOf(handle)).length;
    const view = await getCaseView(erik, evaCase);
    const events = (await eventsOf(handle)).slice(before);
    const shownSections = view.sections.filter((section) => section.shared);
    expect(events).toHaveLength(1 + shownSections.length);
    const consentBasis = `consent:${view.consents[0]!.id}`;
    expect(events[0]).toMatchObject({ action: "case.view", outcome: "allowed", basis: consentBasis, case_id: evaCase });
    for (const section of shownSections) {
      const event = events.find((candidate) => candidate.category === section.categoryCode);
      expect(event, section.categoryCode).toMatchObject({ action: "case.data.view", basis: section.ownerOrganizationId === erik.organizationId ? "own_organization" : consentBasis });
    }
    const listBefore = (await eventsOf(handle)).length;
    const listed = await listCasesForActor(erik);
    expect((await eventsOf(handle)).length - listBefore).toBe(listed.length);
  });

  it("records why for writes too: registering, opening and closing a case rest on the organisation's own work", async () => {
    const handle = database.current();
    const before = (await eventsOf(handle)).length;
    const clientId = await registerClient(sara, { personnummer: "19850505-9819", givenName: "Olle", familyName: "Annan", protectedIdentity: false, preferredLanguage: "sv" });
    const caseId = await openCase(sara, clientId);
    await closeCase(sara, caseId);
    const writes = (await eventsOf(handle)).slice(before).filter((event) => ["client.register", "case.open", "case.close"].includes(event.action));
    expect(writes.map((event) => [event.action, event.basis])).toEqual([
      ["client.register", "own_organization"],
      ["case.open", "own_organization"],
      ["case.close", "own_organization"],
    ]);
  });

  it("fails closed: when the audit write fails, the read fails and nothing it did remains", async () => {
    const handle = database.current();
    await handle.rows(sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit storage unavailable'; end $$`);
    await handle.rows(sql`create trigger zz_fail_audit before insert on audit_events for each row execute function fail_audit()`);
    try {
      await expect(getCaseView(sara, evaCase)).rejects.toThrow();
      await expect(recordCaseEntry(sara, evaCase, { categoryCode: "municipality.income_support", text: "must not be saved" })).rejects.toThrow();
      const saved = await handle.rows(sql`select id from case_entries where text = 'must not be saved'`);
      expect(saved).toHaveLength(0);
    } finally {
      await handle.rows(sql`drop trigger zz_fail_audit on audit_events`);
      await handle.rows(sql`drop function fail_audit()`);
    }
  });
});
