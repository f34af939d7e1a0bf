import { and, eq } from "drizzle-orm";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema";
import { db } from "~/lib/db.server";
import { loader } from "~/routes/auth.eid.callback";
import { useTestDatabase } from "../support/database";

/** A client sign-in that does not complete is answered plainly and leaves a trace in the audit trail. */
useTestDatabase();

async function callback(query: string, requestId: string) {
  const request = new Request(`http://localhost/auth/eid/callback${query}`);
  const context = { requestId, clientIp: "198.51.100.4", nonce: "n" } as unknown as AppLoadContext;
  const response = (await loader({ request, params: {}, context })) as unknown as { init: ResponseInit | null };
  const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.requestId, requestId), eq(auditEvents.action, "auth.client_sign_in")));
  return { status: response.init?.status, event };
}

describe("the e-ID callback", () => {
  it("records a sign-in cancelled at the provider", async () => {
    const { status, event } = await callback("?error=access_denied&state=s", "eid-cancelled");
    expect(status).toBe(400);
    expect(event).toMatchObject({ outcome: "failure", reason: "cancelled", actorType: "anonymous", details: { ip: "198.51.100.4" } });
  });

  it("records a callback without a sign-in in progress", async () => {
    const { status, event } = await callback("?code=c&state=s", "eid-no-flow");
    expect(status).toBe(400);
    expect(event).toMatchObject({ outcome: "failure", reason: "no_flow" });
  });
});
