import autocannon from "autocannon";
import { useDatabase, openDatabase } from "../app/lib/db.server";
import { createClientSession, createStaffSession } from "../app/lib/auth/session.server";
import { ensureLoadWorld, type LoadWorld } from "./support/load-world";

/**
 * `npm run load [-- --users 200 --seconds 60 --url http://127.0.0.1:3000 --clients 2000]`: drives
 * a running portal over loopback with autocannon (ADR 0023) and says whether it held.
 *
 * The portal must run on PostgreSQL, and this tool gets the same DATABASE_URL: it adds its load
 * world to that database once (scripts/support/load-world.ts: officers, clients, cases, consents)
 * and starts a session for each simulated user. Then, for `--seconds`, `--users` connections each
 * send one request after the other (no think time, so 200 users are 200 requests always in
 * flight): officers on their own share of many clients' case pages, a few officers all on one hot
 * client's case page, officers on the case list and the mailbox, clients reading their access log,
 * and officers writing case entries. `/healthz` is asked every second beside them.
 *
 * Prints requests per second and p50/p95/p99 (ms) per kind of page, the non-2xx answers, errors
 * and timeouts (30 s), and the health checks; exits 1 on any error, timeout, non-2xx or failed
 * health check.
 */
const known = ["users", "seconds", "clients", "url"];
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  // --name value, or --name=value
  const [flag, inline] = process.argv[i]!.split(/=(.*)/s, 2);
  const name = flag!.replace(/^--/, "");
  if (!flag!.startsWith("--") || !known.includes(name)) refuse(`unknown argument "${process.argv[i]}": npm run load -- [--users N] [--seconds N] [--clients N] [--url http://…]`);
  args.set(name, inline ?? process.argv[++i] ?? "");
}
const users = positive("users", 200);
const seconds = positive("seconds", 60);
const clientCount = positive("clients", 2_000);
const base = (args.get("url") ?? process.env.SAMSYN_LOAD_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
const timeoutSeconds = 30;

/** Shares of the users, in order; the last kind takes what rounding leaves. */
const mix = [
  { kind: "case page, many clients", share: 0.55 },
  { kind: "case page, one hot client", share: 0.1 },
  { kind: "case list", share: 0.1 },
  { kind: "mailbox", share: 0.05 },
  { kind: "client's access log", share: 0.1 },
  { kind: "case entry written", share: 0.1 },
] as const;
type Kind = (typeof mix)[number]["kind"];

interface Connection {
  kind: Kind;
  requests: autocannon.Request[];
}

/** Stops with one line and exit code 2: the load did not run. */
function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

function positive(name: string, fallback: number): number {
  const raw = args.get(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) refuse(`--${name} must be a whole number above 0 (got "${raw}")`);
  return value;
}

/** The cookie header of a session, under both names (the portal reads `__Host-` in production, the plain name otherwise). */
function cookieOf(kind: "staff" | "client", cookie: string): string {
  const value = cookie.split(";")[0]!.split("=")[1]!;
  return `__Host-samsyn-${kind}=${value}; samsyn-${kind}=${value}`;
}

async function connectionsFor(world: LoadWorld): Promise<Connection[]> {
  const counts = mix.map(({ share }) => Math.floor(users * share));
  counts[0]! += users - counts.reduce((sum, n) => sum + n, 0);
  const hot = world.cases[0]!;
  const others = world.cases.slice(1);
  const connections: Connection[] = [];
  let officer = 0;
  const officerCookie = async () => cookieOf("staff", (await createStaffSession(world.officerIds[officer++ % world.officerIds.length]!, { mfaVerified: true })).cookie);
  for (const [k, { kind }] of mix.entries()) {
    for (let i = 0; i < counts[k]!; i++) {
      const own = others.filter((_, index) => index % counts[k]! === i).slice(0, 20);
      const first = own[0] ?? hot;
      if (kind === "client's access log") {
        const session = await createClientSession(first.clientId, { idTokenRef: "load", authTime: new Date() });
        connections.push({ kind, requests: [{ method: "GET", path: "/me/access-log", headers: { cookie: cookieOf("client", session.cookie) } }] });
        continue;
      }
      const cookie = await officerCookie();
      const get = (path: string): autocannon.Request => ({ method: "GET", path, headers: { cookie } });
      if (kind === "case page, many clients") connections.push({ kind, requests: own.map((row) => get(`/cases/${row.caseId}`)) });
      else if (kind === "case page, one hot client") connections.push({ kind, requests: [get(`/cases/${hot.caseId}`)] });
      else if (kind === "case list") connections.push({ kind, requests: [get("/cases")] });
      else if (kind === "mailbox") connections.push({ kind, requests: [get("/messages")] });
      else {
        const body = (n: number) => new URLSearchParams({ intent: "entry", categoryCode: "municipality.income_support", text: `Lasttest: anteckning ${n}.` }).toString();
        connections.push({
          kind,
          requests: own.map((row, n) => ({
            method: "POST",
            path: `/cases/${row.caseId}?index`,
            headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
            body: body(n),
          })),
        });
      }
    }
  }
  return connections;
}

interface Tally {
  latencies: number[];
  non2xx: Map<number, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Asks /healthz every second with a 5 s limit; a check fails on anything but 200 in time. */
function healthChecks() {
  const results: { ok: boolean; ms: number }[] = [];
  const ask = async () => {
    const started = performance.now();
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((response) => response.status === 200, () => false);
    results.push({ ok, ms: performance.now() - started });
  };
  const timer = setInterval(() => void ask(), 1_000);
  return {
    stop: async () => {
      clearInterval(timer);
      await ask();
      return results;
    },
  };
}

async function main() {
  if (process.env.NODE_ENV === "production") refuse("npm run load writes its own people and sessions into the database: never on a production one (NODE_ENV=production).");
  const url = process.env.DATABASE_URL;
  if (!url) refuse("npm run load needs the portal's PostgreSQL database in DATABASE_URL (the embedded database belongs to the portal's own process).");
  const alive = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
  if (!alive) refuse(`No portal answers at ${base}/healthz: start it first (npm start with the same DATABASE_URL), or give --url.`);
  let connections: Connection[];
  try {
    const handle = openDatabase({ url, pool: { size: 4, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 } });
    useDatabase(handle);
    try {
      const world = await ensureLoadWorld(handle, { clients: clientCount, officers: Math.max(1, Math.ceil(users * 0.8)) });
      connections = await connectionsFor(world);
    } finally {
      useDatabase(undefined);
      await handle.close();
    }
  } catch (error) {
    const cause = (error as { cause?: Error }).cause ?? error;
    refuse(`npm run load could not prepare its users in DATABASE_URL's database: ${(cause as Error).message ?? String(cause)}`);
  }
  // The sessions are the portal's only if it reads the same database.
  const probe = connections.find((connection) => connection.kind === "case list") ?? connections[0]!;
  const asked = await fetch(`${base}${probe.requests[0]!.path}`, { headers: probe.requests[0]!.headers as Record<string, string>, redirect: "manual" });
  if (asked.status !== 200) refuse(`The portal at ${base} does not know the sessions written to DATABASE_URL's database (${probe.requests[0]!.path} answered ${asked.status}): give the load tool the database the portal uses.`);

  console.log(`Load: ${users} users for ${seconds} s against ${base} (${clientCount} load clients)`);
  const tallies = new Map<Kind, Tally>(mix.map(({ kind }) => [kind, { latencies: [], non2xx: new Map() }]));
  const kindOf = new WeakMap<object, Kind>();
  let next = 0;
  const health = healthChecks();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: connections.length,
        duration: seconds,
        timeout: timeoutSeconds,
        setupClient: (client) => {
          const connection = connections[next++ % connections.length]!;
          kindOf.set(client, connection.kind);
          client.setRequests(connection.requests);
        },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (client, status, _bytes, ms) => {
      const tally = tallies.get(kindOf.get(client)!)!;
      tally.latencies.push(ms);
      if (status < 200 || status > 299) tally.non2xx.set(status, (tally.non2xx.get(status) ?? 0) + 1);
    });
  });
  const checks = await health.stop();

  const rows = [...tallies].map(([kind, tally]) => {
    const sorted = [...tally.latencies].sort((a, b) => a - b);
    const non2xx = [...tally.non2xx].map(([status, n]) => `${n}×${status}`).join(" ") || "0";
    return { kind, requests: sorted.length, "per s": Number((sorted.length / seconds).toFixed(1)), "p50 ms": Math.round(percentile(sorted, 50)), "p95 ms": Math.round(percentile(sorted, 95)), "p99 ms": Math.round(percentile(sorted, 99)), non2xx };
  });
  console.table(Object.fromEntries(rows.map(({ kind, ...row }) => [kind, row])));
  const failedChecks = checks.filter((check) => !check.ok).length;
  const slowestCheck = Math.round(Math.max(...checks.map((check) => check.ms)));
  console.log(`All pages: ${result.requests.total} requests, ${(result.requests.total / seconds).toFixed(1)}/s; non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`);
  console.log(`/healthz: ${checks.length} checks, ${failedChecks} failed, slowest ${slowestCheck} ms`);
  const failed = result.non2xx + result.errors + result.timeouts + failedChecks > 0;
  console.log(failed ? "NOT held: see the failures above (the portal's log names each request)." : "Held: no errors, no timeouts, /healthz 200 throughout.");
  process.exit(failed ? 1 : 0);
}

await main();
