import { and, eq, gt, sql } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimits } from "../../db/schema";
import { db, type Database } from "./db.server";
import { sha256 } from "./auth/tokens.server";
import { now } from "./time.server";

/**
 * Sign-in throttling (ADR 0006), counted in PostgreSQL so that it holds across every app
 * instance. Three limits, after OWASP's "throttle, don't lock out":
 *
 * - one account from one address: the first few failures cost nothing, then every failure
 *   makes the next attempt of that pair wait twice as long (`backoff`). A stranger who
 *   guesses an officer's password slows down only their own address;
 * - one address, across accounts (a looser count of failures), against password spraying;
 * - one account, across addresses (looser still), against guessing from many addresses. An
 *   address the account has signed in from before is not held back by it, so the officer
 *   still gets in from their own desk while a botnet is at the door.
 *
 * Only failures count. Each attempt holds its points while it is checked (one atomic write
 * each), so that attempts sent all at once cannot all pass a check none of them has counted
 * yet; a success hands them back.
 */
export const limits = {
  /** Wrong passwords from one address, across accounts. */
  passwordPerIp: { points: 50, duration: 15 * 60 },
  /** Wrong passwords for one account, across addresses. */
  passwordPerAccount: { points: 30, duration: 60 * 60 },
  /** Wrong second-factor codes from one address. */
  secondFactorPerIp: { points: 50, duration: 15 * 60 },
  /** Wrong second-factor codes for one account, across addresses. */
  secondFactorPerAccount: { points: 30, duration: 60 * 60 },
} as const;

/** Failures of one account from one address that cost no wait. */
export const freeFailures = 4;
/** The longest wait between two attempts of one account from one address, in seconds. */
export const longestWait = 15 * 60;
/** A pair's failures are forgotten after this long without an attempt, and at a success. */
const pairMemory = 24 * 60 * 60;
/** How long an address counts as one the account has signed in from. */
const knownFor = 90 * 24 * 60 * 60;

/** Seconds the next attempt of a pair waits after its `failures`-th failure: 15 s, 30 s, 1 min, … 15 min. */
export function backoff(failures: number): number {
  return failures < freeFailures ? 0 : Math.min(longestWait, 15 * 2 ** (failures - freeFailures));
}

export type AttemptKind = "password" | "secondFactor";
type LimitName = keyof typeof limits;

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

// Keys never hold an e-mail address or an IP address in clear.
const hashed = (key: string) => sha256(key.toLowerCase());
const pairKey = (kind: AttemptKind, account: string, address: string) => `${kind}Pair:${hashed(`${account}\n${address}`)}`;
const knownKey = (kind: AttemptKind, account: string, address: string) => `${kind}Known:${hashed(`${account}\n${address}`)}`;
const names = (kind: AttemptKind) => ({ perIp: `${kind}PerIp` as LimitName, perAccount: `${kind}PerAccount` as LimitName });

export type AttemptSubject = { kind: AttemptKind; account: string; address: string };
export type Attempt = { allowed: true; lastOne: boolean; holds: LimitName[] } | { allowed: false; retryAfter: number };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

async function take(name: LimitName, key: string): Promise<{ taken: true; lastOne: boolean } | { taken: false; retryAfter: number }> {
  try {
    const res = await limiter(name).consume(hashed(key));
    return { taken: true, lastOne: res.remainingPoints === 0 };
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return { taken: false, retryAfter: seconds(refusal.msBeforeNext) };
  }
}

/**
 * One attempt of `account` from `address`, decided before the password or code is checked:
 * the address's point, the account's point (unless the address is one the account signed in
 * from), then the pair's turn. A refusal by one hands back what the others took.
 */
export async function takeAttempt({ kind, account, address }: AttemptSubject): Promise<Attempt> {
  const { perIp, perAccount } = names(kind);
  const holds: LimitName[] = [];
  let lastOne = false;

  const byAddress = await take(perIp, address);
  if (!byAddress.taken) return { allowed: false, retryAfter: byAddress.retryAfter };
  holds.push(perIp);
  lastOne ||= byAddress.lastOne;

  const byAccount = await take(perAccount, account);
  if (byAccount.taken) {
    holds.push(perAccount);
    lastOne ||= byAccount.lastOne;
  } else if (!(await isKnownAddress(kind, account, address))) {
    await handBack({ kind, account, address }, holds);
    return { allowed: false, retryAfter: byAccount.retryAfter };
  }

  const turn = await takePairTurn(pairKey(kind, account, address));
  if (!turn.taken) {
    await handBack({ kind, account, address }, holds);
    return { allowed: false, retryAfter: turn.retryAfter };
  }
  return { allowed: true, lastOne: lastOne || turn.wait > 0, holds };
}

/**
 * The attempt was right: its points go back, the pair's failures are forgotten and the
 * address becomes one the account has signed in from.
 */
export async function attemptSucceeded(subject: AttemptSubject, attempt: Extract<Attempt, { allowed: true }>): Promise<void> {
  const { kind, account, address } = subject;
  const at = now();
  await Promise.all([
    handBack(subject, attempt.holds),
    db().delete(rateLimits).where(eq(rateLimits.key, pairKey(kind, account, address))),
    db()
      .insert(rateLimits)
      .values({ key: knownKey(kind, account, address), points: 1, expire: new Date(at.getTime() + knownFor * 1000) })
      .onConflictDoUpdate({ target: rateLimits.key, set: { expire: new Date(at.getTime() + knownFor * 1000) } }),
  ]);
}

async function handBack({ kind, account, address }: AttemptSubject, holds: LimitName[]): Promise<void> {
  await Promise.all(holds.map((name) => limiter(name).reward(hashed(name.endsWith("PerIp") ? address : account), 1)));
}

async function isKnownAddress(kind: AttemptKind, account: string, address: string): Promise<boolean> {
  const rows = await db()
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, knownKey(kind, account, address)), gt(rateLimits.expire, now())));
  return rows.length === 1;
}

/**
 * The pair's turn, in one conditional upsert: `points` counts the pair's attempts since its
 * last success, `expire` is when its next attempt may start. Two attempts sent together are
 * serialised on the row, so the second sees the first's wait.
 */
async function takePairTurn(key: string): Promise<{ taken: true; wait: number } | { taken: false; retryAfter: number }> {
  const at = now();
  const atParam = sql.param(at, rateLimits.expire);
  const forgotten = sql.param(new Date(at.getTime() - pairMemory * 1000), rateLimits.expire);
  const count = sql`case when ${rateLimits.expire} < ${forgotten} then 1 else ${rateLimits.points} + 1 end`;
  const [row] = await db()
    .insert(rateLimits)
    .values({ key, points: 1, expire: at })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        points: count,
        expire: sql`${atParam}::timestamptz + make_interval(secs => least(${longestWait}, case when ${count} < ${freeFailures} then 0 else 15 * power(2, ${count} - ${freeFailures}) end))`,
      },
      setWhere: sql`${rateLimits.points} < ${freeFailures} or ${rateLimits.expire} <= ${atParam} or ${rateLimits.expire} < ${forgotten}`,
    })
    .returning({ points: rateLimits.points });
  if (row) return { taken: true, wait: backoff(row.points) };
  const [held] = await db().select({ expire: rateLimits.expire }).from(rateLimits).where(eq(rateLimits.key, key));
  return { taken: false, retryAfter: seconds((held?.expire?.getTime() ?? at.getTime()) - at.getTime()) };
}
