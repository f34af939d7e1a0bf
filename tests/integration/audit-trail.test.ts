import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditRead } from "../../db/schema";
import type { StaffActor } from "~/access/actor";
import type { DatabaseHandle } from "~/lib/db.server";
import { closeCase, recordCaseEntry } from "~/services/cases/entries.server";
import { listCasesForActor } from "~/services/cases/list.server";
import { openCase } from "~/services/cases/open.server";
import { getCaseView } from "~/services/cases/view.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";
import { viaGate } from "../support/gate";

/** What the gate writes: one event per client per look, with every decision and change in it (ADR 0015). */
const database = useTestDatabase();
let erik: StaffActor;
let sara: StaffActor;
let evaCase: string;

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  const [first] = await viaGate(sara, listCasesForActor);
  evaCase = first!.id;
});

type Row = { id: string; action: string; basis: string | null; outcome: string; category: string | null; case_id: string | null; client_id: string | null; reads: AuditRead[] | null };
const eventsOf = (handle: DatabaseHandle) => handle.rows<Row>(sql`select id, action, basis, outcome, category, case_id, client_id, reads from audit_events order by id`);

describe("audit trail", () => {
  it("a look writes one event with every part it read, each with the right basis", async () => {
    const handle = database.current();
    const before = (await eventsOf(handle)).length;
    const view = await viaGate(erik, getCaseView, evaCase);
    const events = (await eventsOf(handle)).slice(before);
    expect(events).toHaveLength(1);
    const consentBasis = `consent:${view.consents[0]!.id}`;
    expect(events[0]).toMatchObject({ action: "case.view", outcome: "allowed", basis: consentBasis, case_id: evaCase });
    const reads = events[0]!.reads!;
    for (const section of view.sections) {
      const read = reads.find((candidate) => candidate.resourceType === "case_section" && candidate.category === section.categoryCode);
      if (section.shared) expect(read, section.categoryCode).toMatchObject({ outcome: "allowed", basis: section.ownerOrganizationId === erik.organizationId ? "own_organization" : consentBasis });
      else {
        expect(read, section.categoryCode).toMatchObject({ outcome: "withheld" });
        // Stored compactly: a refused part has no basis, and the field is left out.
        expect(read).not.toHaveProperty("basis");
      }
    }
    const listBefore = (await eventsOf(handle)).length;
    const listed = await viaGate(erik, listCasesForActor);
    const listEvents = (await eventsOf(handle)).slice(listBefore);
    expect(listEvents.map((event) => event.client_id).sort()).toEqual([...new Set(listed.map((item) => item.clientId))].sort());
  });

  it("writes who looked, when and from where as one statement, also for a look without a request id", async () => {
    const handle = database.current();
    const before = (await eventsOf(handle)).length;
    await viaGate({ ...erik, http: { requestId: "req-1", clientIp: "10.0.0.7" } }, getCaseView, evaCase);
    await viaGate({ ...erik, http: { requestId: undefined, clientIp: undefined } }, getCaseView, evaCase);
    const written = await handle.rows<{ actor_type: string; actor_user_id: string; organization_id: string; unit_id: string; role: string; request_id: string | null; details: unknown }>(
      sql`select actor_type, actor_user_id, organization_id, unit_id, role, request_id, details from audit_events order by id offset ${before}`,
    );
    const who = { actor_type: "staff", actor_user_id: erik.userId, organization_id: erik.organizationId, unit_id: erik.unitId, role: erik.role };
    expect(written).toEqual([
      { ...who, request_id: "req-1", details: { ip: "10.0.0.7" } },
      { ...who, request_id: null, details: null },
    ]);
  });

  it("records why for writes too: registering, opening and closing a case rest on the organisation's own work", async () => {
    const handle = database.current();
    const before = (await eventsOf(handle)).length;
    const caseId = await viaGate(sara, openCase, { personnummer: "19850505-9819", givenName: "Olle", familyName: "Annan", protectedIdentity: false, preferredLanguage: "sv" });
    await viaGate(sara, closeCase, caseId);
    const events = (await eventsOf(handle)).slice(before);
    // The lookup of a number Samsyn did not know concerns no one yet: an event of its own.
    expect(events.map((event) => [event.action, event.outcome, event.basis, event.client_id === null])).toEqual([
      ["client.lookup", "allowed", "identity_lookup", true],
      ["client.register", "success", "own_organization", false],
      ["case.close", "success", "own_organization", false],
    ]);
    // Registering and opening were one request: one event for the person, both changes in it.
    expect(events[1]!.reads!.filter((read) => read.outcome === "success").map((read) => [read.action, read.basis])).toEqual([
      ["client.register", "own_organization"],
      ["case.open", "own_organization"],
    ]);
  });

  it("fails closed: when the audit write fails, the read fails and nothing it did remains", async () => {
    const handle = database.current();
    await handle.rows(sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit storage unavailable'; end $$`);
    await handle.rows(sql`create trigger zz_fail_audit before insert on audit_events for each row execute function fail_audit()`);
    try {
      await expect(viaGate(sara, getCaseView, evaCase)).rejects.toThrow();
      await expect(viaGate(sara, recordCaseEntry, evaCase, { categoryCode: "municipality.income_support", text: "must not be saved" })).rejects.toThrow();
      const saved = await handle.rows(sql`select id from case_entries where text = 'must not be saved'`);
      expect(saved).toHaveLength(0);
    } finally {
      await handle.rows(sql`drop trigger zz_fail_audit on audit_events`);
      await handle.rows(sql`drop function fail_audit()`);
    }
  });
});
