import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "~/lib/csrf.server";
import { safeReturnTo } from "~/lib/safe-redirect";

describe("safeReturnTo", () => {
  it.each(["/account", "/cases/123?tab=plan", "/me#consents"])("keeps the local path %s", (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\tx",
    "",
    undefined,
    42,
    "account",
  ])("refuses %s", (value) => {
    expect(safeReturnTo(value, "/fallback")).toBe("/fallback");
  });

  it("never leaves the site even when a path parses oddly", () => {
    expect(safeReturnTo("/..//evil.example", "/x")).toBe("/x");
    expect(safeReturnTo("/a/../..//evil.example", "/x")).toBe("/x");
    expect(safeReturnTo("/%0d%0aSet-Cookie:x")).toBe("/%0d%0aSet-Cookie:x");
  });
});

describe("isSameOriginRequest", () => {
  const post = { method: "POST", protocol: "https", host: "samsyn.example" };
  it("lets reads through", () => {
    expect(isSameOriginRequest({ ...post, method: "GET", secFetchSite: "cross-site", origin: undefined })).toBe(true);
  });
  it("accepts a post from the portal's own page", () => {
    expect(isSameOriginRequest({ ...post, secFetchSite: "same-origin", origin: "https://samsyn.example" })).toBe(true);
    expect(isSameOriginRequest({ ...post, secFetchSite: undefined, origin: "https://samsyn.example" })).toBe(true);
    expect(isSameOriginRequest({ ...post, secFetchSite: undefined, origin: "https://SAMSYN.example:443" })).toBe(true);
    expect(isSameOriginRequest({ ...post, host: "samsyn.example:443", secFetchSite: undefined, origin: "https://samsyn.example" })).toBe(true);
    expect(isSameOriginRequest({ method: "POST", protocol: "http", host: "localhost:3000", secFetchSite: undefined, origin: "http://localhost:3000" })).toBe(true);
  });
  it.each([
    ["cross-site", "https://evil.example"],
    ["same-site", "https://sub.samsyn.example"],
    ["none", undefined],
    [undefined, "https://evil.example"],
    [undefined, "null"],
    [undefined, undefined],
    // Same host, another scheme or port: another origin.
    [undefined, "http://samsyn.example"],
    [undefined, "https://samsyn.example:8443"],
    [undefined, "http://samsyn.example:443"],
  ])("refuses Sec-Fetch-Site %s with Origin %s", (secFetchSite, origin) => {
    expect(isSameOriginRequest({ ...post, secFetchSite, origin })).toBe(false);
  });
  it("compares the port of the address the request came to", () => {
    const local = { method: "POST", protocol: "http", host: "localhost:3000", secFetchSite: undefined };
    expect(isSameOriginRequest({ ...local, origin: "http://localhost:3001" })).toBe(false);
    expect(isSameOriginRequest({ ...local, origin: "http://localhost" })).toBe(false);
    expect(isSameOriginRequest({ ...local, origin: "https://localhost:3000" })).toBe(false);
  });
});
