import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort, untilHealthy } from "../../scripts/support/servers";

/**
 * The parts of the multi-instance test (tests/cluster): a PostgreSQL server of its own (so the test
 * may restart it), Samsyn instances as separate processes, and HAProxy in front of them. Every part
 * is a real program; nothing is mocked.
 */
export const haproxyPath = process.env.HAPROXY_PATH ?? "/usr/sbin/haproxy";
const postgresBin = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";


export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new folder for the test's files (logs, the database, HAProxy's configuration). */
export function workFolder(): string {
  return mkdtempSync(path.join(tmpdir(), "samsyn-cluster-"));
}

/**
 * A PostgreSQL server in `folder`/pg on `port`, trust authentication, started with initdb and
 * pg_ctl from Debian's postgresql package. As root, the server runs as the `postgres` user (it
 * refuses to run as root).
 */
export async function startPostgres(folder: string) {
  const port = await freePort();
  const data = path.join(folder, "pg");
  mkdirSync(data);
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(folder, uid, gid);
    chownSync(data, uid, gid);
  }
  const run = (bin: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(postgresBin, bin);
    const full = asRoot ? ["-u", "postgres", "--", path.join(postgresBin, bin), ...args] : args;
    const result = spawnSync(command, full, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  };
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const ctl = (action: string) => run("pg_ctl", ["-D", data, "-l", path.join(folder, "postgres.log"), "-w", "-m", "fast", "-o", options, action]);
  ctl("start");
  return {
    url: (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: () => ctl("restart"),
    stop: () => ctl("stop"),
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("postgres:"));
  if (!line) throw new Error("running as root, but there is no postgres user to run PostgreSQL as");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Keys shared by every instance, as an operator gives them (SAMSYN_ENCRYPTION_KEYS, …). */
export function sharedKeys(): Record<string, string> {
  const { privateKey } = generateKeyPairSync("ed25519");
  return {
    SAMSYN_ENCRYPTION_KEYS: `1:${randomBytes(32).toString("base64")}`,
    SAMSYN_HMAC_KEY: randomBytes(32).toString("base64"),
    SAMSYN_AUDIT_SIGNING_KEY: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
  };
}

/** One Samsyn instance as `npm start` runs it (`node scripts/start.mjs`) on its own port, its output in `folder`/<name>-<n>.log. */
export class Instance {
  process: ChildProcess | undefined;
  private starts = 0;
  readonly base: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly eidPort: number,
    private readonly folder: string,
    private readonly env: Record<string, string>,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  get log(): string {
    return path.join(this.folder, `${this.name}-${this.starts}.log`);
  }

  start(): void {
    this.starts++;
    const out = openSync(this.log, "w");
    // What `npm start` runs: the bundle of server.ts the build made (scripts/test-cluster.ts builds first).
    this.process = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, ...this.env, PORT: String(this.port), SAMSYN_TEST_EID_PORT: String(this.eidPort), SAMSYN_DATA_DIR: path.join(this.folder, this.name) },
      stdio: ["ignore", out, out],
    });
  }

  /** The last lines the instance wrote. */
  logTail(lines = 30): string {
    return readFileSync(this.log, "utf8").split("\n").slice(-lines).join("\n");
  }

  /** Waits until /healthz answers 200 (ms it took), or throws with the end of the instance's log. */
  async ready(timeoutMs = 90_000): Promise<number> {
    const took = await untilHealthy(this.base, this.process, { intervalMs: 100, timeoutMs });
    if (took !== null) return took;
    throw new Error(`${this.name} did not become ready:\n${this.logTail()}`);
  }

  /** SIGTERM, as an orchestrator stops an instance, and waits for the process to end (its exit code). */
  async stop(): Promise<number | null> {
    const child = this.process;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

/**
 * HAProxy from Debian's package in front of the instances: round robin, a health check on /healthz
 * every 300 ms, a request that could not reach an instance (refused, or closed before any answer)
 * sent again to another one. The configuration is the one README "Several instances" shows.
 */
export async function startHaproxy(folder: string, instances: Instance[]) {
  const port = await freePort();
  const config = path.join(folder, "haproxy.cfg");
  const template = readFileSync(path.resolve("docs/haproxy.cfg"), "utf8");
  const servers = instances.map((instance) => `  server ${instance.name} 127.0.0.1:${instance.port} check`).join("\n");
  writeFileSync(config, template.replace("bind 127.0.0.1:8080", `bind 127.0.0.1:${port}`).replace(/^ {2}server .*$(\n {2}server .*$)*/m, servers));
  const out = openSync(path.join(folder, "haproxy.log"), "w");
  const child = spawn(haproxyPath, ["-db", "-f", config], { stdio: ["ignore", out, out] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${base}/healthz`).then((response) => response.ok, () => false)) break;
    if (child.exitCode !== null) throw new Error(`HAProxy stopped:\n${readFileSync(path.join(folder, "haproxy.log"), "utf8")}`);
    await sleep(100);
  }
  return { base, stop: () => void child.kill("SIGTERM") };
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}
