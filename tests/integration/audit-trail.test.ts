import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "~/access/actor";
import type { DatabaseHandle } from "~/lib/db.server";
import { verifyAuditTrail } from "~/services/audit-verify.server";
import { closeCase, getCaseView, listCasesForActor, openCase, recordCaseEntry, registerClient } from "~/services/cases.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";

const database = useTestDatabase();
let erik: StaffActor;
let sara: StaffActor;
let evaCase: string;
let view: { clientId: string };

beforeAll(async () => {
  await seedDemo();
  erik = await staffActor("erik.holm@af.samsyn.example");
  sara = await staffActor("sara.lindqvist@berg.samsyn.example");
  const [first] = await listCasesForActor(sara);
  evaCase = first!.id;
  view = { clientId: first!.clientId };
});

/** Runs tampering SQL as the database owner with triggers off, as an attacker with that power would. */
async function tamper(handle: DatabaseHandle, statement: ReturnType<typeof sql>) {
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
}

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

  it("passes verification untouched, finds an edited, a deleted and a reordered event, and passes again once restored", async () => {
    const handle = database.current();
    await getCaseView(sara, evaCase);
    await getCaseView(sara, evaCase);
    expect(await verifyAuditTrail(handle, 7)).toMatchObject({ ok: true });

    const chain = await handle.rows<Record<string, unknown> & { id: string; chain_seq: string }>(
      sql`select * from audit_events where chain_key = ${`client:${view.clientId}`} order by chain_seq`,
    );
    expect(chain.length).toBeGreaterThan(4);
    const [, second, third] = chain;

    // Edited: someone changes why a read was allowed.
    await tamper(handle, sql`update audit_events set basis = 'own_organization' where id = ${second!.id}`);
    expect(await verifyAuditTrail(handle)).toMatchObject({ ok: false, broken: { id: Number(second!.id), problem: "content" } });
    await tamper(handle, sql`update audit_events set basis = ${second!.basis as string | null} where id = ${second!.id}`);
    expect(await verifyAuditTrail(handle)).toMatchObject({ ok: true });

    // Deleted: someone removes a read.
    await tamper(handle, sql`delete from audit_events where id = ${second!.id}`);
    expect(await verifyAuditTrail(handle)).toMatchObject({ ok: false, broken: { id: Number(third!.id), problem: "gap" } });
    await tamper(handle, sql`insert into audit_events select * from json_populate_record(null::audit_events, ${JSON.stringify(second)}::json)`);
    expect(await verifyAuditTrail(handle)).toMatchObject({ ok: true });

    // Reordered: two reads swap places.
    const swap = async (a: string, b: string) => {
      await tamper(handle, sql`update audit_events set chain_seq = -1 where id = ${a}`);
      await tamper(handle, sql`update audit_events set chain_seq = ${second!.chain_seq} where id = ${b}`);
      await tamper(handle, sql`update audit_events set chain_seq = ${third!.chain_seq} where id = ${a}`);
    };
    await swap(second!.id, third!.id);
    expect(await verifyAuditTrail(handle)).toMatchObject({ ok: false, broken: { id: Number(third!.id), problem: "link" } });
    await swap(third!.id, second!.id);
    expect(await verifyAuditTrail(handle)).toMatchObject({ ok: true });
  });
});

describe("audit write locking", () => {
  it("locks one chain per client, not the whole trail", async () => {
    const handle = database.current();
    const clientsOf = await handle.rows<{ id: string }>(sql`select id from clients order by id limit 2`);
    const held = await handle.db.transaction(async (tx) => {
      for (const { id } of clientsOf) {
        await tx.execute(sql`insert into audit_events (actor_type, action, outcome, client_id) values ('system', 'test.lock', 'success', ${id}::uuid)`);
      }
      await tx.execute(sql`insert into audit_events (actor_type, action, outcome, client_id) values ('system', 'test.lock', 'success', ${clientsOf[0]!.id}::uuid)`);
      const locks = await tx.execute(sql`select objid from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`);
      return ((locks as unknown as { rows?: unknown[] }).rows ?? (locks as unknown as unknown[])).length;
    });
    // Two clients, two chain locks (the second event of the first client reuses its lock).
    expect(held).toBe(2);
  });
});
