import { describe, expect, it } from "vitest";
import { newRequestMeta, securityHeaders } from "~/lib/security-headers.server";

describe("security headers", () => {
  it("allow scripts only from our origin or with this request's nonce", () => {
    const { nonce } = newRequestMeta();
    const csp = securityHeaders(nonce)["Content-Security-Policy"]!;
    const scriptSrc = csp.split("; ").find((directive) => directive.startsWith("script-src"));
    expect(scriptSrc).toBe(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("set the other required headers", () => {
    const headers = securityHeaders("n");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
  });

  it("tell browsers to use HTTPS only in production, never in development over http", () => {
    expect(securityHeaders("n", { production: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders("n")).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders("n", { dev: true })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("give every request its own nonce and id", () => {
    const a = newRequestMeta();
    const b = newRequestMeta();
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.requestId).not.toBe(b.requestId);
    expect(Buffer.from(a.nonce, "base64")).toHaveLength(16);
  });
});
