import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "~/access/actor";
import { getCaseView } from "~/services/cases/view.server";
import { listCasesForActor } from "~/services/cases/list.server";
import { useTestDatabase } from "../support/database";
import { seedDemo, staffActor } from "../support/fixtures";
import { look, viaGate } from "../support/gate";

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

const events = () => database.current().rows<{ id: string; action: string; outcome: string; client_id: string | null; reads: unknown }>(sql`select id, action, outcome, client_id, reads from audit_events order by id`);

describe("one event per look", () => {
  it("a case view writes one event for the client", async () => {
    const before = (await events()).length;
    const view = await look(erik, (reader) => getCaseView(reader, evaCase));
    const after = (await events()).slice(before);
    expect(after).toHaveLength(1);
    expect(view.client.name).toBe("Eva Andersson");
    console.log(JSON.stringify(after[0], null, 1));
  });
});
