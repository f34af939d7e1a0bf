import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * docs/haproxy.cfg (the multi-instance test runs it): a request an instance may have acted on is
 * retried only when it is a GET or HEAD. HAProxy's manual warns that retrying past a refused
 * connection may replay a POST, which would write twice.
 */
const config = readFileSync("docs/haproxy.cfg", "utf8");
const lines = config.split("\n").map((line) => line.replace(/#.*/, "").trim()).filter(Boolean);

describe("the HAProxy configuration", () => {
  it("retries past a refused connection only for GET and HEAD", () => {
    const retryOn = lines.find((line) => line.startsWith("retry-on "))!.split(/\s+/).slice(1);
    expect(retryOn).toContain("conn-failure");
    if (retryOn.some((reason) => reason !== "conn-failure")) expect(lines).toContain("http-request disable-l7-retry if !METH_GET");
  });
});
