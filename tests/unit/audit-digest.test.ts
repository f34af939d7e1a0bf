import { generateKeyPairSync } from "node:crypto";
import { getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema";
import { auditEventColumns, canonicalEvent, canonicalSeal, eventDigest, genesisRoot, sealRoot, type EventText, type SealFields } from "~/access/audit/digest";
import { auditKeyId, auditSignerFor, auditVerifyKeys, verifySignature } from "~/access/audit/keys.server";
import { digestsOf } from "~/access/audit/seal.server";

// One event as the sealer reads it from the database (app/access/audit/read.server.ts).
const event: EventText = {
  id: "42",
  occurred_at: "2026-03-05T10:34:56.789012Z",
  actor_type: "staff",
  actor_user_id: "u-sara",
  actor_client_id: null,
  organization_id: "0b0f2f1e-6c1a-4f3e-9a53-2d9f0c7b1a10",
  unit_id: "5d6c0e35-64c8-4bb1-8b26-7f0c1d2e3f40",
  role: "case_officer",
  action: "case.view",
  outcome: "allowed",
  reason: null,
  client_id: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
  case_id: "c1d2e3f4-0000-4000-8000-000000000001",
  resource_type: "case",
  resource_id: "c1d2e3f4-0000-4000-8000-000000000001",
  category: null,
  basis: "consent:7",
  request_id: "req-1",
  details: '{"ip": "192.0.2.5"}',
  reads: '[{"action": "case.view", "outcome": "allowed"}]',
};

describe("the canonical text of an event", () => {
  it("lists a version tag and every column of audit_events in a fixed order, as JSON", () => {
    expect(canonicalEvent(event)).toBe(
      '["samsyn.audit_event.v1","42","2026-03-05T10:34:56.789012Z","staff","u-sara",null,"0b0f2f1e-6c1a-4f3e-9a53-2d9f0c7b1a10",' +
        '"5d6c0e35-64c8-4bb1-8b26-7f0c1d2e3f40","case_officer","case.view","allowed",null,"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",' +
        '"c1d2e3f4-0000-4000-8000-000000000001","case","c1d2e3f4-0000-4000-8000-000000000001",null,"consent:7","req-1",' +
        '"{\\"ip\\": \\"192.0.2.5\\"}","[{\\"action\\": \\"case.view\\", \\"outcome\\": \\"allowed\\"}]"]',
    );
    // A fixed digest (checked independently with Python's hashlib): changing the format by accident
    // breaks every existing seal, so it must show here.
    expect(eventDigest(event).toString("hex")).toBe("2a3786424b5600e95f75e4dd3d37af7ea57b68215ba8617c34ec05f65eabfb08");
  });

  it("covers every column the schema has, and no other", () => {
    expect([...auditEventColumns].sort()).toEqual(getTableConfig(auditEvents).columns.map((column) => column.name).sort());
  });

  it("changes its digest when any one column changes", () => {
    for (const column of auditEventColumns) {
      const changed = { ...event, [column]: event[column] === null ? "x" : `${event[column]}x` };
      expect(eventDigest(changed).equals(eventDigest(event)), column).toBe(false);
    }
  });

  it("keeps field boundaries and null apart from the text null", () => {
    const shifted = { ...event, role: "case_officer,case.view", action: "" };
    expect(eventDigest(shifted).equals(eventDigest(event))).toBe(false);
    expect(eventDigest({ ...event, reason: "null" }).equals(eventDigest(event))).toBe(false);
    expect(eventDigest({ ...event, reason: "" }).equals(eventDigest({ ...event, reason: null }))).toBe(false);
  });
});

describe("a seal's root", () => {
  const digests = [eventDigest(event), eventDigest({ ...event, id: "43" }), eventDigest({ ...event, id: "45" })];
  const position = { seq: 3, firstId: 42, lastId: 45, absentIds: [44], eventCount: 3, prevRoot: "ab".repeat(32) };
  const root = sealRoot(position, Buffer.concat(digests));

  it("is a hex SHA-256 that continues the previous root", () => {
    expect(root).toMatch(/^[0-9a-f]{64}$/);
    expect(sealRoot({ ...position, prevRoot: genesisRoot }, Buffer.concat(digests))).not.toBe(root);
  });

  it("changes with every position field and with the events' order", () => {
    const variants = [
      { ...position, seq: 4 },
      { ...position, firstId: 41 },
      { ...position, lastId: 46 },
      { ...position, absentIds: [43] },
    ];
    for (const variant of variants) expect(sealRoot(variant, Buffer.concat(digests))).not.toBe(root);
    expect(sealRoot(position, Buffer.concat([digests[1]!, digests[0]!, digests[2]!]))).not.toBe(root);
  });

  it("refuses digests that do not match the event count", () => {
    expect(() => sealRoot(position, Buffer.concat(digests.slice(0, 2)))).toThrow(RangeError);
    expect(() => sealRoot({ ...position, eventCount: 4 }, Buffer.concat(digests))).toThrow(RangeError);
  });
});

describe("the signed text of a seal", () => {
  const seal: SealFields = { seq: 1, firstId: 1, lastId: 3, absentIds: [2], eventCount: 2, prevRoot: genesisRoot, root: "cd".repeat(32), sealedAt: "2026-03-05T10:35:00.000123Z", keyId: "0123456789abcdef" };

  it("names every field of the seal", () => {
    expect(canonicalSeal(seal)).toBe(`["samsyn.audit_seal.v1",1,1,3,[2],2,"${genesisRoot}","${"cd".repeat(32)}","2026-03-05T10:35:00.000123Z","0123456789abcdef"]`);
  });

  it("is signed with Ed25519 and verifies only with the signer's public key", () => {
    const pair = generateKeyPairSync("ed25519");
    const other = generateKeyPairSync("ed25519");
    const signer = auditSignerFor(pair.privateKey.export({ format: "der", type: "pkcs8" }));
    const keys = auditVerifyKeys([pair.publicKey.export({ format: "der", type: "spki" }), other.publicKey.export({ format: "der", type: "spki" })]);
    expect(signer.keyId).toBe(auditKeyId(pair.publicKey));
    expect(signer.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect([...keys.keys()]).toEqual([signer.keyId, auditKeyId(other.publicKey)]);

    const signature = signer.sign(canonicalSeal(seal));
    expect(verifySignature(keys.get(signer.keyId)!, canonicalSeal(seal), signature)).toBe(true);
    expect(verifySignature(keys.get(signer.keyId)!, canonicalSeal({ ...seal, eventCount: 3 }), signature)).toBe(false);
    expect(verifySignature(keys.get(auditKeyId(other.publicKey))!, canonicalSeal(seal), signature)).toBe(false);
    expect(verifySignature(keys.get(signer.keyId)!, canonicalSeal(seal), "not a signature")).toBe(false);
  });

  it("refuses a key that is not Ed25519", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    expect(() => auditSignerFor(rsa.privateKey.export({ format: "der", type: "pkcs8" }))).toThrow(/Ed25519/);
    expect(() => auditVerifyKeys([rsa.publicKey.export({ format: "der", type: "spki" })])).toThrow(/Ed25519/);
  });
});

describe("a batch's digests as the sealer computes them", () => {
  it("are every event's digest in order, computed in slices with the event loop let through between them", async () => {
    const events = Array.from({ length: 600 }, (_, i) => ({ ...event, id: String(1000 + i) }));
    let turns = 0;
    const tick = () => {
      turns += 1;
      if (turns < 100) setImmediate(tick);
    };
    setImmediate(tick);
    const digests = await digestsOf(events);
    // 600 events are twelve slices of 50: the loop turned between them while they were digested.
    expect(turns).toBeGreaterThanOrEqual(11);
    expect(digests.equals(Buffer.concat(events.map(eventDigest)))).toBe(true);
  });
});
