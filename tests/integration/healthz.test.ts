import { describe, expect, it } from "vitest";
import { openDatabase, useDatabase } from "~/lib/db.server";
import { loader } from "~/routes/healthz";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

describe("GET /healthz", () => {
  it("answers 200 with the database ok", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    const broken = process.env.DATABASE_URL
      ? openDatabase({ url: "postgres://samsyn@127.0.0.1:9/nowhere" })
      : openDatabase({ memory: true });
    if (!process.env.DATABASE_URL) await broken.close();
    useDatabase(broken);
    try {
      const response = await loader();
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", db: "unavailable" });
    } finally {
      useDatabase(database.current());
      await broken.close().catch(() => {});
    }
  });
});
