import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/lib/env.server";

// The e-mail settings (ADR 0020): where mail goes, from whom, and the base of its links.
const dataDir = mkdtempSync(path.join(tmpdir(), "samsyn-mail-env-"));
const parse = (vars: Record<string, string>) => parseEnv({ SAMSYN_DATA_DIR: dataDir, ...vars });

function refused(vars: Record<string, string>): string {
  try {
    parse(vars);
  } catch (error) {
    if (error instanceof EnvError) return error.variable;
    throw error;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("mail settings", () => {
  it("default to the local catcher on 2525 (any free port under test) and links to localhost on PORT", () => {
    const env = parse({});
    expect(env.smtpUrl).toBeUndefined();
    expect(env.mailFrom).toBe("Samsyn <noreply@samsyn.invalid>");
    expect(env.mailCatcherPort).toBe(2525);
    expect(env.publicUrl).toBe("http://localhost:3000");
    expect(parse({ PORT: "4000" }).publicUrl).toBe("http://localhost:4000");
    expect(parse({ NODE_ENV: "test" }).mailCatcherPort).toBe(0);
  });

  it("take an SMTP URL, a sender, a catcher port and a public address", () => {
    const env = parse({
      SAMSYN_SMTP_URL: "smtps://user:p%40ss@mail.example:465",
      SAMSYN_MAIL_FROM: "Samsyn <noreply@samsyn.example>",
      SAMSYN_MAIL_CATCHER_PORT: "0",
      SAMSYN_PUBLIC_URL: "https://samsyn.example/",
    });
    expect(env).toMatchObject({
      smtpUrl: "smtps://user:p%40ss@mail.example:465",
      mailFrom: "Samsyn <noreply@samsyn.example>",
      mailCatcherPort: 0,
      publicUrl: "https://samsyn.example",
    });
  });

  it("refuse what is not an SMTP URL, a port or a web address, naming the variable", () => {
    expect(refused({ SAMSYN_SMTP_URL: "http://mail.example" })).toBe("SAMSYN_SMTP_URL");
    expect(refused({ SAMSYN_MAIL_CATCHER_PORT: "70000" })).toBe("SAMSYN_MAIL_CATCHER_PORT");
    expect(refused({ SAMSYN_PUBLIC_URL: "samsyn.example" })).toBe("SAMSYN_PUBLIC_URL");
    expect(refused({ SAMSYN_PUBLIC_URL: "https://samsyn.example/?x=1" })).toBe("SAMSYN_PUBLIC_URL");
    expect(refused({ SAMSYN_MAIL_FROM: "Samsyn\r\nBcc: x@example.com" })).toBe("SAMSYN_MAIL_FROM");
  });
});
