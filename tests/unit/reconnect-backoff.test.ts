import { describe, expect, it } from "vitest";
import { reconnectBackoff } from "~/lib/db.server";

describe("reconnectBackoff", () => {
  it("waits 50 ms after the first failed connection, doubling, never more than 1 s (postgres.js's own grows to 20 s)", () => {
    expect([0, 1, 2, 3, 4, 5, 10, 50].map(reconnectBackoff)).toEqual([0.05, 0.1, 0.2, 0.4, 0.8, 1, 1, 1]);
  });
});
