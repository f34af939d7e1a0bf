import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "~/access/actor";
import { withReader } from "~/access/gate.server";
import { readCasePage } from "~/services/cases/page.server";
import { useTestDatabase } from "../support/database";
import { demoCaseOf, seedDemo, staffActor } from "../support/fixtures";

/**
 * The case page's look reaches PostgreSQL in five writes (docs/bench.md, "Round trips"): BEGIN;
 * the case with its consents (the gate decides on them); every part of the page together; the
 * agenda and participants of the meetings it found; the audit event with the COMMIT. Each write
 * to PostgreSQL costs the single-threaded server about 0.1 ms of CPU, so a part that waits for
 * another part's answer before it asks shows here first. Read off the wire of the test process:
 * PostgreSQL only (PGlite has no socket).
 */
useTestDatabase();

/** Each write to the database's sockets while recording, as the statements it carries ("begin", "select … from cases", …). */
const writes: string[][] = [];
let recording = false;
const prepared = new Map<string, string>();
const original = net.Socket.prototype.write;

/** The statements of one write of the extended or simple query protocol: their first words and first table. */
function statementsOf(chunk: Buffer): string[] {
  const statements: string[] = [];
  for (let at = 0; at + 5 <= chunk.length; at += 1 + chunk.readInt32BE(at + 1)) {
    const type = String.fromCharCode(chunk[at]!);
    const fields = chunk.subarray(at + 5, at + 1 + chunk.readInt32BE(at + 1)).toString("utf8").split("\0");
    if (type === "P") prepared.set(fields[0]!, fields[1]!);
    else if (type === "B") statements.push(gist(prepared.get(fields[1]!) ?? fields[1]!));
    else if (type === "Q") statements.push(gist(fields[0]!));
  }
  return statements;
}

/** "begin", "commit", "insert into <table>", or "from <the first table it names>". */
const gist = (text: string) => {
  const words = text.trim().replace(/\s+/g, " ").toLowerCase();
  const inserted = /^insert into "?([a-z_]+)/.exec(words)?.[1];
  const read = /from "([a-z_]+)"/.exec(words)?.[1];
  return inserted ? `insert into ${inserted}` : read ? `from ${read}` : words;
};

// From the first connection on, so that every statement prepared (BEGIN's and COMMIT's in the
// migrations) is known by name.
net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
  if (Buffer.isBuffer(chunk)) {
    const statements = statementsOf(chunk);
    if (recording && statements.length > 0) writes.push(statements);
  }
  return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
} as typeof original;

let erik: StaffActor;
let evaCase: string;

describe.runIf(Boolean(process.env.DATABASE_URL))("the case page's round trips (PostgreSQL)", () => {
  beforeAll(async () => {
    await seedDemo();
    erik = await staffActor("erik.holm@af.samsyn.example");
    evaCase = (await demoCaseOf("Eva")).id;
  });
  afterAll(() => {
    net.Socket.prototype.write = original;
  });

  it("are five: BEGIN, the case and its consents, every part together, the meetings' agenda and participants, the record with the COMMIT", async () => {
    const looks: string[][][] = [];
    // The first looks prepare the statements on the connection; then the writes settle.
    for (let look = 0; look < 4; look++) {
      writes.length = 0;
      recording = true;
      await withReader(erik, (reader) => readCasePage(reader, evaCase));
      recording = false;
      looks.push([...writes]);
    }
    const settled = looks.at(-1)!;
    expect(settled.map((statements) => statements.length), JSON.stringify(settled)).toHaveLength(5);
    const [begin, decision, parts, meetingParts, record] = settled;
    expect(begin).toEqual(["begin"]);
    expect(decision).toEqual(["from cases", "from consents"]);
    expect(parts).toEqual(
      expect.arrayContaining(["from organizations", "from case_participants", "from case_entries", "from plan_goals", "from plan_activities", "from plan_history", "from info_requests", "from meetings"]),
    );
    expect(meetingParts).toEqual(["from meeting_participants", "from meeting_agenda_items"]);
    expect(record).toEqual(["insert into audit_events", "commit"]);
  });
});
