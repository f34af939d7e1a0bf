import { RateLimiterDrizzle } from "rate-limiter-flexible";
import { rateLimits } from "../../db/schema";
import { db, type Database } from "./db.server";
import { sha256 } from "./auth/tokens.server";

/**
 * Failed sign-in attempts, counted in PostgreSQL (rate-limiter-flexible's Drizzle store) so
 * that the limits hold across every app instance. Attempts are checked before and counted
 * after a failure; success clears the account's count.
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

/** Seconds until `key` may try again, or 0 when it is not limited. */
export async function retryAfterSeconds(name: LimitName, key: string): Promise<number> {
  const state = await limiter(name).get(storedKey(key));
  if (!state || state.consumedPoints < limits[name].points) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

export async function countFailure(name: LimitName, key: string): Promise<void> {
  await limiter(name).penalty(storedKey(key), 1);
}

export async function clearFailures(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(storedKey(key));
}
