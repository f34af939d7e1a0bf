import { generateKeyPairSync } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditSignerFor } from "~/access/audit/keys.server";
import { recordAudit } from "~/access/audit/record.server";
import { sealAuditTrail } from "~/access/audit/seal.server";
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

const count = async (table: "audit_events" | "audit_seals") =>
  (await database.current().rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n;

describe("the audit trail's tables", () => {
  it("audit_events accepts new events and refuses UPDATE, DELETE and TRUNCATE, naming the table", async () => {
    await recordAudit(undefined, { requestId: "r1", clientIp: "192.0.2.5" }, { action: "auth.password", outcome: "failure" });
    const [row] = await database.current().rows<{ action: string; details: { ip: string } }>(sql`select action, details from audit_events`);
    expect(row).toMatchObject({ action: "auth.password", details: { ip: "192.0.2.5" } });

    expect(await failureOf(sql`update audit_events set action = 'edited'`)).toContain("audit_events is append-only: UPDATE is not allowed");
    expect(await failureOf(sql`delete from audit_events`)).toContain("audit_events is append-only: DELETE is not allowed");
    expect(await failureOf(sql`truncate audit_events`)).toContain("audit_events is append-only: TRUNCATE is not allowed");
    expect(await count("audit_events")).toBe(1);
  });

  it("audit_seals accepts new seals and refuses UPDATE, DELETE and TRUNCATE, naming the table", async () => {
    const signer = auditSignerFor(generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }));
    expect(await sealAuditTrail(database.current(), { signer })).toMatchObject({ seals: [{ seq: 1 }] });

    expect(await failureOf(sql`update audit_seals set root = 'edited'`)).toContain("audit_seals is append-only: UPDATE is not allowed");
    expect(await failureOf(sql`delete from audit_seals`)).toContain("audit_seals is append-only: DELETE is not allowed");
    expect(await failureOf(sql`truncate audit_seals`)).toContain("audit_seals is append-only: TRUNCATE is not allowed");
    expect(await count("audit_seals")).toBe(1);
  });
});
