import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** What each variable must look like, in the words the one-line boot error uses. */
const expected = {
  NODE_ENV: 'one of "development", "production", "test"',
  PORT: "a whole number between 1 and 65535",
  DATABASE_URL: "a postgres:// or postgresql:// URL (leave unset for the embedded database)",
  SAMSYN_DATA_DIR: "a folder path",
  SAMSYN_ENCRYPTION_KEYS:
    'comma-separated "id:key" pairs, id a whole number and key 32 bytes in base64; the first encrypts, all decrypt',
  SAMSYN_HMAC_KEY: "at least 32 bytes in base64",
  SAMSYN_TEST_EID_PORT: "a whole number between 1 and 65535 (default: PORT + 1)",
  SAMSYN_TRUST_PROXY: 'what Express may trust for the client address: "loopback", a number of hops, or addresses',
  SAMSYN_MIGRATE_ON_START: '"true" (default) or "false": false when the app runs with a database role that may not change the schema',
  OIDC_ISSUER: "an http(s) URL",
  OIDC_CLIENT_ID: "a non-empty string",
  OIDC_CLIENT_SECRET: "a non-empty string",
} as const;

type Var = keyof typeof expected;

const base64Bytes = (min: number, exact?: number) =>
  z.string().refine((value) => {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
    const length = Buffer.from(value, "base64").length;
    return exact ? length === exact : length >= min;
  });

const keyList = z.string().refine((value) =>
  value.split(",").every((pair) => {
    const [id, key, ...rest] = pair.trim().split(":");
    return rest.length === 0 && /^\d+$/.test(id ?? "") && base64Bytes(32, 32).safeParse(key ?? "").success;
  }),
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/).optional(),
  SAMSYN_DATA_DIR: z.string().min(1).default("./.data"),
  SAMSYN_ENCRYPTION_KEYS: keyList.optional(),
  SAMSYN_HMAC_KEY: base64Bytes(32).optional(),
  SAMSYN_TEST_EID_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SAMSYN_TRUST_PROXY: z.string().regex(/^[\w.:/,\s-]+$/).optional(),
  SAMSYN_MIGRATE_ON_START: z.enum(["true", "false"]).default("true"),
  OIDC_ISSUER: z.string().url().regex(/^https?:\/\//).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
});

export interface Env {
  nodeEnv: "development" | "production" | "test";
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Encryption keys by version; `currentKeyId` encrypts, every listed key decrypts. */
  encryptionKeys: Map<number, Buffer>;
  currentKeyId: number;
  hmacKey: Buffer;
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
  /** Where the bundled test e-ID provider listens when no OIDC_ISSUER is set. */
  testEidPort: number;
  /** Express's "trust proxy" setting, for the client address behind a load balancer. */
  trustProxy: string | undefined;
  /** True when the keys came from the data folder rather than the environment. */
  devKeys: boolean;
  /** Whether start applies migrations; if not, it refuses a database that is behind. */
  migrateOnStart: boolean;
}

export class EnvError extends Error {
  constructor(readonly variable: string, readonly detail: string) {
    super(`Samsyn cannot start: ${variable} ${detail}.`);
    this.name = "EnvError";
  }
}

/** Reads and validates the environment; throws EnvError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty value counts as unset, as it does in most shells' `VAR= command`.
  const input = Object.fromEntries(
    Object.keys(expected).map((name) => [name, source[name] === "" ? undefined : source[name]]),
  );
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const name = String(parsed.error.issues[0]?.path[0]) as Var;
    throw new EnvError(name, `is not valid: expected ${expected[name]}`);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === "production" && vars.DATABASE_URL !== undefined;
  const dataDir = path.resolve(vars.SAMSYN_DATA_DIR);

  const oidcNames = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
  const oidcGiven = oidcNames.filter((name) => vars[name] !== undefined);
  if (oidcGiven.length > 0 && oidcGiven.length < oidcNames.length) {
    const missing = oidcNames.find((name) => vars[name] === undefined)!;
    throw new EnvError(missing, `is missing: set all of ${oidcNames.join(", ")} or none`);
  }

  if (production && oidcGiven.length === 0) {
    throw new EnvError("OIDC_ISSUER", "is missing: in production client sign-in must use a real e-ID broker, not the bundled test e-ID");
  }

  let keys = { encryption: vars.SAMSYN_ENCRYPTION_KEYS, hmac: vars.SAMSYN_HMAC_KEY };
  let devKeys = false;
  if (!keys.encryption || !keys.hmac) {
    if (production) {
      const missing = keys.encryption ? "SAMSYN_HMAC_KEY" : "SAMSYN_ENCRYPTION_KEYS";
      throw new EnvError(missing, `is missing: in production it must be set explicitly, as ${expected[missing]}`);
    }
    const dev = loadOrCreateDevKeys(dataDir);
    keys = { encryption: keys.encryption ?? dev.encryption, hmac: keys.hmac ?? dev.hmac };
    devKeys = true;
  }

  const encryptionKeys = new Map<number, Buffer>();
  for (const pair of keys.encryption!.split(",")) {
    const [id, key] = pair.trim().split(":");
    encryptionKeys.set(Number(id), Buffer.from(key!, "base64"));
  }

  return {
    nodeEnv: vars.NODE_ENV,
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    dataDir,
    encryptionKeys,
    currentKeyId: Number(keys.encryption!.split(",")[0]!.split(":")[0]),
    hmacKey: Buffer.from(keys.hmac!, "base64"),
    oidc: vars.OIDC_ISSUER
      ? { issuer: vars.OIDC_ISSUER, clientId: vars.OIDC_CLIENT_ID!, clientSecret: vars.OIDC_CLIENT_SECRET! }
      : undefined,
    testEidPort: vars.SAMSYN_TEST_EID_PORT ?? vars.PORT + 1,
    trustProxy: vars.SAMSYN_TRUST_PROXY,
    devKeys,
    migrateOnStart: vars.SAMSYN_MIGRATE_ON_START === "true",
  };
}

/** Development keys live next to the embedded database, created once with owner-only access. */
function loadOrCreateDevKeys(dataDir: string): { encryption: string; hmac: string } {
  const file = path.join(dataDir, "dev-keys.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(dataDir, { recursive: true });
  const keys = {
    encryption: `1:${randomBytes(32).toString("base64")}`,
    hmac: randomBytes(32).toString("base64"),
  };
  try {
    writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process (a parallel test worker) wrote them first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return JSON.parse(readFileSync(file, "utf8"));
    throw error;
  }
  chmodSync(file, 0o600);
  return keys;
}

let cached: Env | undefined;

/** The validated environment of this process, read once. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
