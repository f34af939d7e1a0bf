import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ChainWalker, genesisHash, type ChainRow } from "~/services/audit-verify.server";

// A chain built the way the database builds it: each hash covers the content and the previous hash.
const digest = (content: string, prev: string) => createHash("sha256").update(`${content}|${prev}`).digest("hex");

function chain(key: string, contents: string[], firstId = 1): (ChainRow & { content: string })[] {
  let prev = genesisHash;
  return contents.map((content, index) => {
    const hash = digest(content, prev);
    const row = { id: firstId + index, chainKey: key, chainSeq: index + 1, prevHash: prev, hash, recomputed: hash, content };
    prev = hash;
    return row;
  });
}

function walk(rows: ChainRow[]) {
  const walker = new ChainWalker();
  for (const row of rows) {
    const broken = walker.check(row);
    if (broken) return broken;
  }
  return null;
}

describe("hash chain verification", () => {
  const a = chain("client:a", ["seen", "read", "recorded", "read again"]);
  const b = chain("user:x", ["signed in", "signed out"], 10);

  it("passes an untouched trail of several chains", () => {
    const walker = new ChainWalker();
    for (const row of [...a, ...b]) expect(walker.check(row)).toBeNull();
    expect(walker.chains).toBe(2);
    expect(walker.headsDigest()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("finds an edited event: its content no longer matches its hash", () => {
    const edited = a.map((row) => (row.id === 2 ? { ...row, recomputed: digest("read by someone else", row.prevHash!) } : row));
    expect(walk(edited)).toEqual({ id: 2, chainKey: "client:a", chainSeq: 2, problem: "content" });
  });

  it("finds a deleted event: a gap before the next one", () => {
    expect(walk(a.filter((row) => row.id !== 2))).toMatchObject({ id: 3, problem: "gap" });
  });

  it("finds a deleted last-but-renumbered event: the link breaks", () => {
    const renumbered = a.filter((row) => row.id !== 2).map((row, index) => ({ ...row, chainSeq: index + 1 }));
    expect(walk(renumbered)).toMatchObject({ id: 3, problem: "link" });
  });

  it("finds reordered events", () => {
    const swapped = [a[0]!, { ...a[2]!, chainSeq: 2 }, { ...a[1]!, chainSeq: 3 }, a[3]!];
    expect(walk(swapped)).toMatchObject({ id: 3, problem: "link" });
  });

  it("finds an event without links", () => {
    expect(walk([a[0]!, { ...a[1]!, hash: null }])).toMatchObject({ id: 2, problem: "unchained" });
  });

  it("gives different head digests when a chain's end is cut off", () => {
    const full = new ChainWalker();
    a.forEach((row) => full.check(row));
    const cut = new ChainWalker();
    a.slice(0, 3).forEach((row) => cut.check(row));
    expect(cut.headsDigest()).not.toBe(full.headsDigest());
  });
});
