import { getDatabase } from "./db.server";

/**
 * True when the database answers a trivial query within `timeoutMs` (ms), on a connection of its
 * own (`DatabaseHandle.probe`): a pool busy with requests does not make the instance look dead.
 */
export function isDatabaseReachable(timeoutMs = 2_000): Promise<boolean> {
  return getDatabase().probe(timeoutMs);
}
