import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One mail as the test SMTP server received it: the SMTP envelope, the raw message and the parsed one. */
export interface ReceivedMail {
  envelopeFrom: string | undefined;
  envelopeTo: string[];
  raw: string;
  mail: ParsedMail;
}

/**
 * A real SMTP server (smtp-server) on a free loopback port that keeps every mail it receives,
 * parsed with mailparser: tests read what Samsyn sent through a real SMTP conversation. `url` is
 * what `useSmtpServer` takes; `close` stops it.
 */
export async function startSmtp() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            const from = session.envelope.mailFrom;
            received.push({ envelopeFrom: from ? from.address : undefined, envelopeTo: session.envelope.rcptTo.map((to) => to.address), raw: raw.toString("utf8"), mail });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
