import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { requireStaff } from "~/access/guards.server";
import { createStaffSession, endAllSessions, readSession } from "~/lib/auth/session.server";
import { requestIdRequestHeader } from "~/lib/load-context";
import { oncePerRequest, openRequestScope } from "~/lib/per-request.server";
import { useTestDatabase } from "../support/database";
import { gateResponse } from "../support/refusals";
import { requestWithCookies, seedDemo, staffByEmail } from "../support/fixtures";

/**
 * One HTTP request, one session read (app/lib/per-request.server.ts): Remix hands the root loader
 * and the page's loader Request objects of their own, copies of the incoming one, so what they
 * share is found through the request id server.ts writes — for GET and HEAD only.
 */
useTestDatabase();
beforeAll(seedDemo);

const url = "http://localhost/account";

/** The Request each loader of one incoming request gets: a copy, with the incoming headers. */
function loaderRequests(incoming: Request, count: number): Request[] {
  return Array.from({ length: count }, () => new Request(incoming.url, { headers: incoming.headers }));
}

function incoming(cookie: string, requestId: string): Request {
  const request = requestWithCookies(url, cookie);
  request.headers.set(requestIdRequestHeader, requestId);
  return request;
}

describe("what one request works out once", () => {
  it("is computed once for all the copies of a GET request, and again once its scope is closed", async () => {
    const requestId = randomUUID();
    const close = openRequestScope(requestId, "GET")!;
    const [root, page] = loaderRequests(incoming("samsyn-staff=x", requestId), 2);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await oncePerRequest(root!, "thing", compute)).toBe(1);
    expect(await oncePerRequest(page!, "thing", compute)).toBe(1);
    expect(await oncePerRequest(page!, "other thing", compute)).toBe(2);
    close();
    expect(await oncePerRequest(page!, "thing", compute)).toBe(3);
  });

  it("is not shared by the copies of an action's request, nor by requests whose id no scope was opened for", async () => {
    const requestId = randomUUID();
    expect(openRequestScope(requestId, "POST")).toBeUndefined();
    let computed = 0;
    const compute = async () => ++computed;
    const [action, loader] = loaderRequests(incoming("samsyn-staff=x", requestId), 2);
    expect(await oncePerRequest(action!, "thing", compute)).toBe(1);
    expect(await oncePerRequest(loader!, "thing", compute)).toBe(2);
    // The same Request object is still one scope of its own.
    expect(await oncePerRequest(loader!, "thing", compute)).toBe(2);
    const [unknown] = loaderRequests(incoming("samsyn-staff=x", randomUUID()), 1);
    expect(await oncePerRequest(unknown!, "thing", compute)).toBe(3);
  });

  it("lets the root loader and the page's loader of one GET share the session and the staff member they read", async () => {
    const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
    const { cookie } = await createStaffSession(sara.id, { mfaVerified: true });
    const requestId = randomUUID();
    const close = openRequestScope(requestId, "GET")!;
    try {
      const [root, page] = loaderRequests(incoming(cookie, requestId), 2);
      const first = await readSession(root!, "staff");
      expect(first.status).toBe("ok");
      expect(await readSession(page!, "staff")).toBe(first);
      expect((await requireStaff(root!)).userId).toBe(sara.id);
      expect((await requireStaff(page!)).userId).toBe(sara.id);
    } finally {
      close();
    }
  });

  it("reads the session afresh in the loaders Remix runs after an action, which may have ended it", async () => {
    const erik = await staffByEmail("erik.holm@af.samsyn.example");
    const { cookie } = await createStaffSession(erik.id, { mfaVerified: true });
    const requestId = randomUUID();
    expect(openRequestScope(requestId, "POST")).toBeUndefined();
    const [action, loader] = loaderRequests(incoming(cookie, requestId), 2);
    expect((await readSession(action!, "staff")).status).toBe("ok");
    // The action signs out everywhere; the root loader that follows in the same request sees it.
    await endAllSessions("staff", erik.id);
    expect((await readSession(loader!, "staff")).status).toBe("invalid");
    const refused = await gateResponse(requireStaff(loader!));
    expect(refused.headers.get("Location")).toBe("/login?returnTo=%2Faccount");
  });
});
