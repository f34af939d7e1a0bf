import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database";

/**
 * Deny by default: every loader and action opens with one guard (publicRoute, requireStaff,
 * requireOfficer, requireClient, requireUser) or with the route frame, which runs its guard
 * first (docs/architecture.md, "A route"), and every route that does not declare itself public
 * refuses an anonymous request: pages redirect to the right sign-in with a safe return URL,
 * resource routes answer 401 in words.
 */
useTestDatabase();

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
const modules = import.meta.glob<Record<string, unknown>>("../../app/routes/*.{ts,tsx}", { eager: true });
const gates = /^(publicRoute|requireStaff|requireOfficer|requireClient|requireUser|readWith|writeWith|loadAs|submitAs|readResource|loadResource)\(/;
const context = { nonce: "n", requestId: "anonymous-test", clientIp: "192.0.2.1" };

/** The function the handler calls first ("requireStaff(", "readWith(" …), awaited or returned, through Vite's import rewriting. */
function firstAwait(handler: Handler): string {
  const body = handler.toString();
  const match = /(?:await|return)\s+(?:\(0,\s*__vite_ssr_import_\d+__\.)?([A-Za-z_$][\w$]*)\)?\(/.exec(body);
  return match ? `${match[1]}(` : "";
}

async function outcome(handler: Handler, method: string) {
  const init: RequestInit = { method };
  if (method === "POST") {
    init.headers = { "Content-Type": "application/x-www-form-urlencoded" };
    init.body = "intent=update";
  }
  try {
    const result = await handler({ request: new Request("http://localhost/some/page", init), params: { userId: "x", token: "x" }, context });
    return { thrown: false, result };
  } catch (error) {
    return { thrown: true, result: error };
  }
}

function statusOf(value: unknown): number | undefined {
  if (value instanceof Response) return value.status;
  const init = (value as { init?: { status?: number } } | null)?.init;
  return init?.status;
}

const entries = Object.entries(modules).flatMap(([file, module]) =>
  (["loader", "action"] as const)
    .filter((name) => typeof module[name] === "function")
    .map((name) => ({ file: file.replace("../../app/routes/", ""), name, handler: module[name] as Handler, isPage: typeof module.default === "function" })),
);

describe("route gates", () => {
  it("finds the route modules", () => {
    expect(entries.length).toBeGreaterThan(10);
  });

  it.each(entries.map((entry) => [`${entry.file} ${entry.name}`, entry]))("%s opens with a gate", (_label, entry) => {
    expect(firstAwait(entry.handler)).toMatch(gates);
  });

  // A public route says so: it opens with publicRoute(), or hands publicRoute to the frame as its guard.
  const isPublic = (entry: (typeof entries)[number]) => firstAwait(entry.handler).startsWith("publicRoute(") || /\bpublicRoute\b/.test(entry.handler.toString());
  const guarded = entries.filter((entry) => !isPublic(entry));

  it("has guarded routes to check", () => {
    expect(guarded.length).toBeGreaterThan(5);
  });

  it.each(guarded.map((entry) => [`${entry.file} ${entry.name}`, entry]))("%s refuses an anonymous request", async (_label, entry) => {
    const { thrown, result } = await outcome(entry.handler, entry.name === "loader" ? "GET" : "POST");
    expect(thrown).toBe(true);
    const status = statusOf(result);
    if (!entry.isPage) {
      // A resource route (a file, a download, JSON) says why in words, in the reader's language
      // (Swedish unless asked): Remix sends a thrown data() from one as "Unexpected Server Error".
      expect(status).toBe(401);
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(await (result as Response).text()).toBe("Du behöver logga in för att se det här.\n");
      return;
    }
    if (status === 401) return;
    expect(status).toBe(302);
    const location = (result as Response).headers.get("Location") ?? "";
    // Client pages send the anonymous to e-ID sign-in; every other page to the staff sign-in.
    const staffOnly = !/requireClient/.test(entry.handler.toString());
    expect(location).toBe(`${staffOnly ? "/login" : "/auth/eid/start"}?returnTo=%2Fsome%2Fpage`);
    expect(entry.isPage || status === 401).toBe(true);
  });
});
