import { afterEach, describe, expect, it, vi } from "vitest";
import { errorFields, log } from "~/lib/log.server";

// Log lines are read by machines: one JSON object each, the error's parts as fields.
afterEach(() => vi.restoreAllMocks());

function captured(stream: NodeJS.WriteStream, write: () => void): Record<string, unknown> {
  const lines: string[] = [];
  vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  write();
  expect(lines).toHaveLength(1);
  expect(lines[0]!.endsWith("\n")).toBe(true);
  expect(lines[0]).not.toContain("[object Object]");
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe("the log", () => {
  it("writes an Error as its message, name, code, stack and cause", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const error = new Error("Failed query: select 1", { cause });
    const entry = captured(process.stderr, () => log.error("Unexpected error", { requestId: "r-1", ...errorFields(error) }));
    expect(entry).toMatchObject({
      level: "error",
      message: "Unexpected error",
      requestId: "r-1",
      error: "Failed query: select 1",
      errorName: "Error",
      cause: { name: "Error", message: "connect ECONNREFUSED 127.0.0.1:5432", code: "ECONNREFUSED" },
    });
    expect(entry.stack).toMatch(/^Error: Failed query: select 1\n\s+at /);
    expect(typeof entry.time).toBe("string");
  });

  it("writes a plain object as the object, not [object Object]", () => {
    const rejected = { code: "queue.failed", detail: { attempts: 3 } };
    const entry = captured(process.stderr, () => log.warn("Job queue error", errorFields(rejected)));
    expect(entry).toMatchObject({ level: "warn", message: "Job queue error", error: { code: "queue.failed", detail: { attempts: 3 } } });
  });

  it("keeps an Error passed as a field, and survives cycles and bigints", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const entry = captured(process.stdout, () => log.info("Something", { failure: Object.assign(new Error("nope"), { code: "E_NOPE" }), cyclic, big: 10n }));
    expect(entry).toMatchObject({ level: "info", failure: { name: "Error", message: "nope", code: "E_NOPE" }, cyclic: { name: "loop", self: "[Circular]" }, big: "10" });
  });

  it("names the reasons of an AggregateError, whose own message is empty", () => {
    const refused = Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })], ""), { code: "ECONNREFUSED" });
    expect(errorFields(refused)).toMatchObject({ code: "ECONNREFUSED", errors: [{ message: "connect ECONNREFUSED ::1:5432", code: "ECONNREFUSED" }] });
  });

  it("writes a string or a number that was thrown as text", () => {
    expect(errorFields("boom")).toEqual({ error: "boom" });
    expect(errorFields(42)).toEqual({ error: 42 });
  });
});
