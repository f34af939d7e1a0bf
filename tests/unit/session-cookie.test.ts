import { Lucia, type Adapter } from "lucia";
import { describe, expect, it } from "vitest";
import { sessionCookie, sessionCookieOptions } from "~/lib/auth/session.server";

// createSessionCookie never touches the adapter.
const adapter = {} as Adapter;

describe("session cookies", () => {
  it("are HttpOnly, SameSite=Lax, Secure and __Host- prefixed in production", () => {
    const lucia = new Lucia(adapter, { sessionCookie: sessionCookieOptions("staff", true) });
    const cookie = sessionCookie("staff", "abc", 10 * 3_600_000, lucia);
    expect(cookie).toMatch(/^__Host-samsyn-staff=abc;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Domain");
    // The browser drops it at the absolute deadline, not lucia's default of 400 days.
    expect(cookie).toContain("Max-Age=36000;");
  });

  it("work over plain http in development, still HttpOnly and SameSite=Lax", () => {
    const lucia = new Lucia(adapter, { sessionCookie: sessionCookieOptions("client", false) });
    const cookie = sessionCookie("client", "abc", 2 * 3_600_000, lucia);
    expect(cookie).toContain("Max-Age=7200;");
    expect(cookie).toMatch(/^samsyn-client=abc;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).not.toContain("Secure");
  });
});
