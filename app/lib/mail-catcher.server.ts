import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { log } from "./log.server";

/**
 * The development mail catcher: a small SMTP server (smtp-server, from nodemailer's maintainers)
 * on 127.0.0.1 that accepts every mail, without authentication or TLS, and keeps each as an .eml
 * file in `dir` (by default `<SAMSYN_DATA_DIR>/mail/`). It stands in for a real SMTP server when
 * SAMSYN_SMTP_URL is unset, so notices can be read without sending anything anywhere.
 */
export interface MailCatcher {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number;
  /** smtp://127.0.0.1:<port>, for `useSmtpServer`. */
  url: string;
  /** The folder the .eml files are written to (absolute). */
  dir: string;
  /** Stops listening; resolves once the server is closed. */
  close(): Promise<void>;
}

/** Largest mail accepted (bytes): notices are a few hundred. */
const maxSize = 10 * 1024 * 1024;

/**
 * Starts the catcher on 127.0.0.1:`port` (0: any free port), writing into `dir` (created if
 * missing). Rejects with the listen error, e.g. EADDRINUSE when the port is taken.
 */
export async function startMailCatcher({ port, dir }: { port: number; dir: string }): Promise<MailCatcher> {
  const folder = path.resolve(dir);
  mkdirSync(folder, { recursive: true });
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its self-signed certificate would refuse nodemailer), no login.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    size: maxSize,
    banner: "Samsyn mail catcher (development)",
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
        const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`);
        writeFile(file, Buffer.concat(chunks), { mode: 0o600 }).then(
          () => {
            log.info("Mail caught", { file });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on("error", () => {
    // A connection's error (a client that hung up); the catcher keeps serving the others.
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    dir: folder,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
