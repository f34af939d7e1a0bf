import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimits } from "../../db/schema";
import { db, type Database } from "./db.server";
import { sha256 } from "./auth/tokens.server";

/**
 * Failed sign-in attempts, counted in PostgreSQL (rate-limiter-flexible's Drizzle store) so
 * that the limits hold across every app instance. An attempt takes its point before it is
 * checked (one atomic upsert), so parallel attempts cannot all pass a check made before any of
 * them is counted; the point is handed back when the attempt turns out not to be a failure.
 */
export const limits = {
  /** Wrong passwords for one account. */
  passwordPerAccount: { points: 5, duration: 15 * 60 },
  /** Wrong passwords from one address, across accounts. */
  passwordPerIp: { points: 20, duration: 15 * 60 },
  /** Wrong second-factor codes for one account. */
  secondFactorPerAccount: { points: 5, duration: 15 * 60 },
  /** Wrong second-factor codes from one address. */
  secondFactorPerIp: { points: 20, duration: 15 * 60 },
} as const;

export type LimitName = keyof typeof limits;

const instances = new WeakMap<Database, Map<LimitName, RateLimiterDrizzle>>();

function limiter(name: LimitName): RateLimiterDrizzle {
  const database = db();
  let byName = instances.get(database);
  if (!byName) instances.set(database, (byName = new Map()));
  let instance = byName.get(name);
  if (!instance) {
    instance = new RateLimiterDrizzle({
      storeClient: database,
      schema: rateLimits,
      keyPrefix: name,
      ...limits[name],
      clearExpiredByTimeout: false,
    });
    byName.set(name, instance);
  }
  return instance;
}

// Keys never hold an e-mail address in clear.
const storedKey = (key: string) => sha256(key.toLowerCase());

export type Attempt = { allowed: true; lastOne: boolean } | { allowed: false; retryAfter: number };

/**
 * Takes one point from each limit in turn, before the attempt is checked. When one is used up
 * the attempt is refused and the points taken from the limits before it are handed back, so
 * that a refusal by one limit costs nothing in another. `lastOne`: a failure now locks.
 * List the address before the account: an account's count is cleared by a success, and a point
 * handed back after that would leave it below zero (one guess too many).
 */
export async function takeAttempt(keys: [LimitName, string][]): Promise<Attempt> {
  let lastOne = false;
  for (const [index, [name, key]] of keys.entries()) {
    try {
      const taken = await limiter(name).consume(storedKey(key));
      lastOne ||= taken.remainingPoints === 0;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      await Promise.all(keys.slice(0, index).map(([earlier, earlierKey]) => giveBack(earlier, earlierKey)));
      return { allowed: false, retryAfter: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }
  return { allowed: true, lastOne };
}

/** Hands back the point an attempt took, when it was not a failure. */
export async function giveBack(name: LimitName, key: string): Promise<void> {
  await limiter(name).reward(storedKey(key), 1);
}

/** Forgets every failure counted for `key` (an account after a successful sign-in). */
export async function clearFailures(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(storedKey(key));
}
