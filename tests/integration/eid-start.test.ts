import { createServer } from "node:net";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serverT as fixedT } from "~/i18n/resources.server";
import { useEidProvider } from "~/lib/auth/eid.server";
import * as route from "~/routes/auth.eid.start";

const { loader } = route;

// The e-ID broker is another organisation's service: when it is down, the client is told so in
// their language and asked to try again — not shown an unexpected error.
afterEach(() => {
  useEidProvider(undefined);
  vi.restoreAllMocks();
});

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("starting an e-ID sign-in", () => {
  it("answers 503 with a translated 'try again' when the broker cannot be reached", async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}/`;
    useEidProvider({ issuer, clientId: "samsyn", clientSecret: "a-secret-that-is-long-enough" });
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });

    const request = new Request("http://localhost/auth/eid/start?returnTo=/me");
    const thrown = await loader({ request, params: {}, context: {} } as unknown as LoaderFunctionArgs).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toMatchObject({ init: { status: 503 }, data: { code: "eid.unavailable" } });

    // A page route (it has a component), so the thrown 503 is rendered by the error boundary as a
    // translated page rather than sent as bare data the way a resource route's would be.
    expect(typeof route.default).toBe("function");
    // Both languages say what happened; neither shows the error itself.
    const sv = fixedT("sv")("errors.codes.eid.unavailable");
    const en = fixedT("en")("errors.codes.eid.unavailable");
    expect(sv).toMatch(/e-legitimation.*Försök igen/);
    expect(en).toMatch(/e-ID.*Try again/);

    // Logged once, as a warning with the issuer and the error's parts.
    const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.message === "e-ID broker unreachable");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: "warn", issuer, error: expect.any(String) });
    expect(lines.join("")).not.toContain("[object Object]");
  });
});

describe("a test e-ID provider still starting", () => {
  it("is waited for: the sign-in goes to it once it is up, instead of answering 503", async () => {
    const clientSecret = "a-secret-that-is-long-enough-for-the-test";
    const { startTestEidProvider } = await import("~/lib/auth/test-eid.server");
    const starting = new Promise((resolve) => setTimeout(resolve, 300)).then(() =>
      startTestEidProvider({ port: 0, clientId: "samsyn", clientSecret, redirectUris: ["http://localhost/auth/eid/callback"], persons: [] }),
    );
    useEidProvider(starting.then((provider) => ({ issuer: provider.issuer, clientId: "samsyn", clientSecret })));
    try {
      const request = new Request("http://localhost/auth/eid/start?returnTo=/me");
      const response = (await loader({ request, params: {}, context: {} } as unknown as LoaderFunctionArgs)) as Response;
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(new RegExp(`^${(await starting).issuer}`));
    } finally {
      await (await starting).close();
    }
  });
});
