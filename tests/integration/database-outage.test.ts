import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { demoClients } from "../../db/seed";
import { createClientSession, createStaffSession } from "~/lib/auth/session.server";
import { openDatabase, useDatabase, type DatabaseHandle } from "~/lib/db.server";
import { isDatabaseUnavailable } from "~/lib/errors";
import { headers as rootHeaders, loader as rootLoader } from "~/root";
import { loader as casesLoader } from "~/routes/cases._index";
import { action as loginAction } from "~/routes/login._index";
import { loader as meLoader } from "~/routes/me._index";
import { action as keepAlive } from "~/routes/session.keepalive";
import { useTestDatabase } from "../support/database";
import { demoClient, facts, seedDemo, staffByEmail } from "../support/fixtures";

// A database outage must never sign anyone out: while it lasts, signed-in pages answer a
// translated 503 "try again" and leave the session cookie alone; when the database is back, the
// same cookie works again.
const database = useTestDatabase();
beforeAll(seedDemo);
afterEach(() => {
  useDatabase(database.current());
  vi.restoreAllMocks();
});

async function staffCookie(): Promise<string> {
  const sara = await staffByEmail("sara.lindqvist@berg.samsyn.example");
  return (await createStaffSession(sara.id, { mfaVerified: true })).cookie;
}

async function clientCookie(): Promise<string> {
  const eva = await demoClient(demoClients[0]!.givenName);
  const { cookie } = await createClientSession(eva.id, { idTokenRef: "test", authTime: new Date() });
  return cookie;
}

/** What a loader or action answered or threw: status, code, headers. */
async function answer(run: () => Promise<unknown>) {
  const outcome = await run().then(
    (value) => ({ thrown: false, value }),
    (value: unknown) => ({ thrown: true, value }),
  );
  const value = outcome.value;
  if (value instanceof Response) {
    return { thrown: outcome.thrown, status: value.status, code: undefined, headers: new Headers(value.headers) };
  }
  const init = (value as { init?: { status?: number; headers?: HeadersInit } } | null)?.init;
  const data = (value as { data?: { code?: string } } | null)?.data;
  if (outcome.thrown && !init) throw value;
  return { thrown: outcome.thrown, status: init?.status ?? 200, code: data?.code, headers: new Headers(init?.headers) };
}

const args = (url: string, cookie: string, method = "GET") =>
  ({ request: new Request(url, { method, headers: { Cookie: cookie.split(";")[0]! } }), params: {}, context: facts }) as unknown as LoaderFunctionArgs;

/** Every way the database can be out of reach that the tests can make here. */
const outages: [string, () => Promise<DatabaseHandle>][] = [
  [
    "a PostgreSQL URL on a port nothing listens on",
    async () => openDatabase({ url: "postgres://postgres@127.0.0.1:9/samsyn_gone" }),
  ],
  [
    "an embedded PGlite that has been closed",
    async () => {
      const handle = openDatabase({ memory: true });
      await handle.close();
      return handle;
    },
  ],
];

describe.each(outages)("while the database is unreachable (%s)", (_name, unreachable) => {
  it("a staff page answers 503 with a translated code and keeps the session, which works again afterwards", async () => {
    const cookie = await staffCookie();
    const down = await unreachable();
    const warnings = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    useDatabase(down);
    try {
      for (const run of [() => casesLoader(args("http://localhost/cases", cookie)), () => rootLoader(args("http://localhost/cases", cookie))]) {
        const refused = await answer(run as () => Promise<unknown>);
        expect(refused).toMatchObject({ thrown: true, status: 503, code: "service.unavailable" });
        expect(refused.headers.get("Set-Cookie")).toBeNull();
        expect(refused.headers.get("Location")).toBeNull();
        expect(refused.headers.get("Retry-After")).toBe("30");
      }
      // The error page passes Retry-After on to the browser.
      const page = new Headers(rootHeaders({ errorHeaders: new Headers({ "Retry-After": "30" }), loaderHeaders: new Headers(), parentHeaders: new Headers(), actionHeaders: new Headers() }) as HeadersInit);
      expect(page.get("Retry-After")).toBe("30");
      const keepalive = await answer(() => keepAlive(args("http://localhost/session/keepalive", cookie, "POST")) as Promise<unknown>);
      // A resource route: the same refusal as translated text (the frame's readResource / loadResource).
      expect(keepalive).toMatchObject({ thrown: true, status: 503 });
      expect(keepalive.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(keepalive.headers.get("Retry-After")).toBe("30");
      expect(keepalive.headers.get("Set-Cookie")).toBeNull();
    } finally {
      useDatabase(database.current());
      if (down !== database.current()) await down.close().catch(() => {});
    }
    // Logged as a warning with a code, once per request, never as "[object Object]".
    const lines = warnings.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("Database unavailable"));
    expect(lines.length).toBeGreaterThan(0);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "warn", message: "Database unavailable", path: "/cases" });
    expect(typeof entry.code).toBe("string");
    expect(lines.join("")).not.toContain("[object Object]");

    const back = await answer(() => casesLoader(args("http://localhost/cases", cookie)) as Promise<unknown>);
    expect(back).toMatchObject({ thrown: false, status: 200 });
  });

  it("a client's page answers 503 and keeps the session", async () => {
    const cookie = await clientCookie();
    const down = await unreachable();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    useDatabase(down);
    try {
      const refused = await answer(() => meLoader(args("http://localhost/me", cookie)) as Promise<unknown>);
      expect(refused).toMatchObject({ thrown: true, status: 503, code: "service.unavailable" });
      expect(refused.headers.get("Set-Cookie")).toBeNull();
      expect(refused.headers.get("Location")).toBeNull();
    } finally {
      useDatabase(database.current());
      await down.close().catch(() => {});
    }
    expect(await answer(() => meLoader(args("http://localhost/me", cookie)) as Promise<unknown>)).toMatchObject({ thrown: false, status: 200 });
  });
});

describe("signing in while the database is unreachable", () => {
  it("answers 503 \"try again\" rather than an unexpected error", async () => {
    const down = openDatabase({ url: "postgres://postgres@127.0.0.1:9/samsyn_gone" });
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    useDatabase(down);
    try {
      const body = new URLSearchParams({ email: "sara.lindqvist@berg.samsyn.example", password: "whatever it is", returnTo: "/cases" });
      const request = new Request("http://localhost/login", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      const refused = await answer(() => loginAction({ request, params: {}, context: facts } as never) as Promise<unknown>);
      expect(refused).toMatchObject({ thrown: true, status: 503, code: "service.unavailable" });
    } finally {
      useDatabase(database.current());
      await down.close().catch(() => {});
    }
  });
});

describe("what counts as an outage", () => {
  it("is a refused, closed or timed-out connection, through drizzle's wrapping, and not a bad query", () => {
    const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1"), { cause });
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("timeout"), { code: "CONNECT_TIMEOUT" })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("terminating connection"), { code: "57P01" })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("connection failure"), { code: "08006" })))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error("refused"), { code: "ECONNREFUSED" })]))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new Error("PGlite is closed")))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("duplicate key"), { code: "23505" })))).toBe(false);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error("syntax error"), { code: "42601" })))).toBe(false);
    expect(isDatabaseUnavailable(new Error("something else"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "ECONNREFUSED" })).toBe(true);
  });
});
