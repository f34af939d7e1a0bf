import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server";

/**
 * Outgoing e-mail through nodemailer's SMTP transport, to the server in SAMSYN_SMTP_URL or, when
 * that is unset, to the local mail catcher that server.ts starts (`useSmtpServer`). E-mail carries
 * notices only, never client data (ADR 0020).
 */
export interface OutgoingMail {
  /** One address: a unit's functional mailbox. */
  to: string;
  subject: string;
  /** Plain text; sent as UTF-8. */
  text: string;
  /**
   * An iCalendar invitation (the .ics text), sent as a `text/calendar; method=…` alternative to the
   * plain text (RFC 6047) and as invite.ics. The method must be the one in the content.
   */
  calendar?: { method: "REQUEST" | "CANCEL"; content: string };
}

/**
 * How long a dead or silent server may keep a send waiting (ms): a job then fails and is retried
 * later instead of holding a worker for nodemailer's default minutes.
 */
export const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

// Kept on globalThis, as the database is: the server entry and the Remix build each carry a copy
// of this module, and both must send through the catcher the entry started.
const store = globalThis as typeof globalThis & {
  __samsynSmtpOverride?: string;
  __samsynMailTransport?: { url: string; transporter: Transporter };
};

/**
 * Points outgoing mail at `url` (smtp://host:port), ahead of SAMSYN_SMTP_URL: the local catcher in
 * development, a test's own SMTP server. `undefined` returns to the environment's setting.
 */
export function useSmtpServer(url: string | undefined): void {
  store.__samsynSmtpOverride = url;
}

/** The SMTP server mail goes to now, or undefined when there is none (nothing set, no catcher started). */
export function currentSmtpUrl(): string | undefined {
  return store.__samsynSmtpOverride ?? getEnv().smtpUrl;
}

function transporterFor(url: string): Transporter {
  const cached = store.__samsynMailTransport;
  if (cached?.url === url) return cached.transporter;
  cached?.transporter.close();
  const transporter = nodemailer.createTransport({ url, ...smtpTimeouts }, { from: getEnv().mailFrom });
  store.__samsynMailTransport = { url, transporter };
  return transporter;
}

/**
 * Sends one plain-text mail, with its calendar invitation if it has one. Resolves once the SMTP
 * server has accepted it; rejects with nodemailer's error (connection refused, timeout, a 4xx/5xx
 * answer, carrying `code` and `responseCode`) or, when no server is configured, with an Error
 * saying so. Callers that must not lose the mail send it from a job, which retries.
 */
export async function sendMail({ to, subject, text, calendar }: OutgoingMail): Promise<void> {
  const url = currentSmtpUrl();
  if (!url) throw new Error("No SMTP server: set SAMSYN_SMTP_URL, or let the server start its mail catcher");
  // nodemailer's icalEvent: a text/calendar alternative naming the method, and invite.ics attached.
  const icalEvent = calendar ? { method: calendar.method, content: calendar.content, filename: "invite.ics" } : undefined;
  await transporterFor(url).sendMail({ to, subject, text, icalEvent });
}
