import { describe, expect, it } from "vitest";
import { inChainOrder } from "~/access/gate.server";

describe("inChainOrder", () => {
  it("records clients in one order for every list, and returns the list in its own order", async () => {
    const calls: string[] = [];
    const rows = [
      { id: "newest", clientId: "c" },
      { id: "middle", clientId: "a" },
      { id: "older", clientId: "b" },
      { id: "oldest", clientId: "a" },
    ];
    const results = await inChainOrder(rows, (row) => row.clientId, async (row) => {
      calls.push(row.id);
      return row.id.toUpperCase();
    });
    // Client a's chain first, then b's, then c's: two lists over the same clients lock alike.
    expect(calls).toEqual(["middle", "oldest", "older", "newest"]);
    expect(results).toEqual(["NEWEST", "MIDDLE", "OLDER", "OLDEST"]);
  });
});
