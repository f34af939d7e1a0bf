import type { Actor } from "./actor";
import { sendLooks } from "./audit/record.server";
import { AccessDenied, Reader, writeLooks } from "./reader.server";
import { db } from "~/lib/db.server";
import { DomainError, notFound } from "~/lib/errors";

/**
 * THE gate (docs/architecture.md, "The door"): hands out the request's reader, runs the work in
 * one transaction, and writes the look (one audit event per client) in that same transaction,
 * so the read and its record commit together or not at all (fail-closed).
 *
 * When the work is refused — the gate denied what was asked (AccessDenied → 404, so existence
 * does not leak) or a service refused with a DomainError — everything it wrote is rolled back,
 * and the refusals the gate decided are then recorded on their own.
 */
export async function withReader<A extends Actor, T>(actor: A, work: (reader: Reader<A>) => Promise<T>): Promise<T> {
  let reader: Reader<A> | undefined;
  let recorded: Promise<unknown> = Promise.resolve();
  try {
    const value = await db().transaction(async (tx) => {
      reader = new Reader(actor, tx);
      const value = await work(reader);
      // The look's events go out with the COMMIT behind them, one round trip for both (ADR 0026).
      const sent = sendLooks(actor, reader.looks(), tx);
      recorded = sent.answer;
      // Handled here as well: when the connection drops with the insert and the COMMIT on it, both
      // fail, the transaction's error is what this function throws, and the insert's own rejection
      // must not go unhandled (Node ends the process on an unhandled rejection).
      recorded.catch(() => {});
      if (!sent.queued) await recorded;
      return value;
    });
    // Nothing is shown unless the look was recorded: had the insert failed, PostgreSQL would have
    // rolled the transaction back at its COMMIT, and this throws the insert's error.
    await recorded;
    return value;
  } catch (error) {
    if (!reader || !(error instanceof AccessDenied || error instanceof DomainError)) throw error;
    const refused: Reader<A> = reader;
    await db().transaction((tx) => writeLooks(refused, tx, { refusalsOnly: true }));
    throw error instanceof AccessDenied ? notFound() : error;
  }
}

export { AccessDenied, Reader, together, type Allowed, type ConsentRow, type Target } from "./reader.server";
