import type { Actor } from "~/access/actor";
import { withReader, type Reader } from "~/access/gate.server";

/**
 * Calls a service as one gated request of `actor` (one reader, one transaction, one look), as
 * the route frame does: `viaGate(sara, getCaseView, caseId)`.
 */
export function viaGate<A extends Actor, Args extends unknown[], T>(actor: A, service: (reader: Reader<A>, ...args: Args) => Promise<T>, ...args: Args): Promise<T> {
  return withReader(actor, (reader) => service(reader, ...args));
}

/** Runs several service calls as one look: `look(erik, async (reader) => [await getCaseView(reader, id), await getPlan(reader, id)])`. */
export const look = withReader;
