import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordAudit } from "~/access/audit/record.server";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

async function failureOf(statement: ReturnType<typeof sql>) {
  try {
    await database.current().rows(statement);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return `${(error as Error).message} ${cause?.message ?? ""}`;
  }
  return "no error";
}

describe("audit_events", () => {
  it("accepts new events and refuses UPDATE, DELETE and TRUNCATE", async () => {
    await recordAudit(undefined, { requestId: "r1", clientIp: "192.0.2.5" }, { action: "auth.password", outcome: "failure" });
    const [row] = await database.current().rows<{ action: string; details: { ip: string } }>(sql`select action, details from audit_events`);
    expect(row).toMatchObject({ action: "auth.password", details: { ip: "192.0.2.5" } });

    expect(await failureOf(sql`update audit_events set action = 'edited'`)).toMatch(/append-only: UPDATE/);
    expect(await failureOf(sql`delete from audit_events`)).toMatch(/append-only: DELETE/);
    expect(await failureOf(sql`truncate audit_events`)).toMatch(/append-only: TRUNCATE/);
    const [count] = await database.current().rows<{ n: number }>(sql`select count(*)::int as n, min(action) as action from audit_events`);
    expect(count?.n).toBe(1);
  });
});
