import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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
  SAMSYN_AUDIT_SIGNING_KEY:
    "an Ed25519 private key as PKCS#8 DER in base64 (openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)",
  SAMSYN_AUDIT_VERIFY_KEY:
    "Ed25519 public keys as SPKI DER in base64, comma-separated (from the private key: base64 -d | openssl pkey -inform DER -pubout -outform DER | base64 -w0)",
  SAMSYN_TEST_EID_PORT: "a whole number between 1 and 65535 (default: PORT + 1)",
  SAMSYN_TRUST_PROXY: 'what Express may trust for the client address: "loopback", a number of hops, or addresses',
  SAMSYN_MIGRATE_ON_START: '"true" (default) or "false": false when the app runs with a database role that may not change the schema',
  SAMSYN_SMTP_URL: "an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example:587 (leave unset for the local mail catcher)",
  SAMSYN_MAIL_FROM: 'a sender address, e.g. "Samsyn <noreply@samsyn.example>"',
  SAMSYN_MAIL_CATCHER_PORT: "a whole number between 0 and 65535 (0: any free port)",
  SAMSYN_PUBLIC_URL: "the portal's address as users reach it, an http(s) URL such as https://samsyn.example",
  SAMSYN_DB_POOL_SIZE: "a whole number of connections between 1 and 200 (default 10)",
  SAMSYN_DB_STATEMENT_TIMEOUT_MS: "a whole number of milliseconds, 0 for none (default 0)",
  SAMSYN_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "a whole number of milliseconds, 0 for none (default 60000)",
  SAMSYN_DB_PREPARE: '"true" (default) or "false": false behind a connection pooler in transaction mode that cannot keep prepared statements',
  OIDC_ISSUER: "an http(s) URL",
  OIDC_CLIENT_ID: "a non-empty string",
  OIDC_CLIENT_SECRET: "a non-empty string",
} as const;

type Var = keyof typeof expected;

const isBase64 = (value: string) => /^[A-Za-z0-9+/]+={0,2}$/.test(value);

const base64Bytes = (min: number, exact?: number) =>
  z.string().refine((value) => {
    if (!isBase64(value)) return false;
    const length = Buffer.from(value, "base64").length;
    return exact ? length === exact : length >= min;
  });

const keyList = z.string().refine((value) =>
  value.split(",").every((pair) => {
    const [id, key, ...rest] = pair.trim().split(":");
    return rest.length === 0 && /^\d+$/.test(id ?? "") && base64Bytes(32, 32).safeParse(key ?? "").success;
  }),
);

/** Whether `value` is base64 DER that node:crypto reads as an Ed25519 key of the given kind. */
function isEd25519Key(value: string, kind: "pkcs8" | "spki"): boolean {
  if (!isBase64(value)) return false;
  try {
    const key = Buffer.from(value, "base64");
    const parsed = kind === "pkcs8" ? createPrivateKey({ key, format: "der", type: "pkcs8" }) : createPublicKey({ key, format: "der", type: "spki" });
    return parsed.asymmetricKeyType === "ed25519";
  } catch {
    return false;
  }
}

const auditSigningKey = z.string().refine((value) => isEd25519Key(value, "pkcs8"));
const auditVerifyKeys = z.string().refine((value) => value.split(",").every((key) => isEd25519Key(key.trim(), "spki")));

/**
 * The app's PostgreSQL pool (issue 14, "Connections"): `size` connections; each connection's
 * `statement_timeout` and `idle_in_transaction_session_timeout` (PostgreSQL settings, ms; 0 =
 * none), so that a runaway statement or a transaction left open cannot hold a connection forever.
 */
export interface DatabasePool {
  size: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** Named prepared statements, one per statement shape and connection (ADR 0025); off behind a pooler in transaction mode. */
  prepare?: boolean;
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/).optional(),
  SAMSYN_DATA_DIR: z.string().min(1).default("./.data"),
  SAMSYN_ENCRYPTION_KEYS: keyList.optional(),
  SAMSYN_HMAC_KEY: base64Bytes(32).optional(),
  SAMSYN_AUDIT_SIGNING_KEY: auditSigningKey.optional(),
  SAMSYN_AUDIT_VERIFY_KEY: auditVerifyKeys.optional(),
  SAMSYN_TEST_EID_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SAMSYN_TRUST_PROXY: z.string().regex(/^[\w.:/,\s-]+$/).optional(),
  SAMSYN_MIGRATE_ON_START: z.enum(["true", "false"]).default("true"),
  SAMSYN_SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/).refine((value) => URL.canParse(value)).optional(),
  SAMSYN_MAIL_FROM: z.string().trim().min(3).regex(/^[^\r\n]+$/).default("Samsyn <noreply@samsyn.invalid>"),
  SAMSYN_MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SAMSYN_PUBLIC_URL: z.string().url().regex(/^https?:\/\/[^\s?#]+$/).optional(),
  SAMSYN_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SAMSYN_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(0),
  SAMSYN_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  SAMSYN_DB_PREPARE: z.enum(["true", "false"]).default("true"),
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
  /** Signs the audit trail's seals (ADR 0014): an Ed25519 private key, PKCS#8 DER. */
  auditSigningKey: Buffer;
  /**
   * The public keys (SPKI DER) `npm run audit:verify` trusts: SAMSYN_AUDIT_VERIFY_KEY, or else the
   * signing key's own public key.
   */
  auditVerifyKeys: Buffer[];
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
  /** Where the bundled test e-ID provider listens when no OIDC_ISSUER is set. */
  testEidPort: number;
  /** Express's "trust proxy" setting, for the client address behind a load balancer. */
  trustProxy: string | undefined;
  /** True when the keys came from the data folder rather than the environment. */
  devKeys: boolean;
  /** Whether start applies migrations; if not, it refuses a database that is behind. */
  migrateOnStart: boolean;
  /**
   * The SMTP server e-mail notices go through (smtp:// or smtps://, credentials in the URL);
   * undefined = the local mail catcher that server.ts starts (app/lib/mail-catcher.server.ts).
   */
  smtpUrl: string | undefined;
  /** The From of every e-mail, e.g. "Samsyn <noreply@samsyn.invalid>". */
  mailFrom: string;
  /** Where the local mail catcher listens: 2525, or 0 (any free port) under NODE_ENV=test. */
  mailCatcherPort: number;
  /** The portal's address as users reach it, without a trailing slash: the base of links in e-mail. */
  publicUrl: string;
  /** The app's PostgreSQL pool: connections, and the server-side timeouts of each (ms; 0 = none). */
  databasePool: DatabasePool;
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

  let keys = { encryption: vars.SAMSYN_ENCRYPTION_KEYS, hmac: vars.SAMSYN_HMAC_KEY, auditSigning: vars.SAMSYN_AUDIT_SIGNING_KEY };
  let devKeys = false;
  if (!keys.encryption || !keys.hmac || !keys.auditSigning) {
    if (production) {
      const missing = !keys.encryption ? "SAMSYN_ENCRYPTION_KEYS" : !keys.hmac ? "SAMSYN_HMAC_KEY" : "SAMSYN_AUDIT_SIGNING_KEY";
      throw new EnvError(missing, `is missing: in production it must be set explicitly, as ${expected[missing]}`);
    }
    const dev = loadOrCreateDevKeys(dataDir);
    keys = { encryption: keys.encryption ?? dev.encryption, hmac: keys.hmac ?? dev.hmac, auditSigning: keys.auditSigning ?? dev.auditSigning };
    devKeys = true;
  }

  const auditSigningKey = Buffer.from(keys.auditSigning!, "base64");
  const ownPublicKey = publicKeyOf(auditSigningKey);
  const auditVerifyKeys = vars.SAMSYN_AUDIT_VERIFY_KEY ? verifyKeyList(vars.SAMSYN_AUDIT_VERIFY_KEY) : [ownPublicKey];
  // A verify list that leaves out the signing key would fail every new seal: a rotation gone wrong.
  if (!auditVerifyKeys.some((key) => key.equals(ownPublicKey))) {
    throw new EnvError("SAMSYN_AUDIT_VERIFY_KEY", "does not include the public key of SAMSYN_AUDIT_SIGNING_KEY: list the current key and any earlier ones");
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
    auditSigningKey,
    auditVerifyKeys,
    oidc: vars.OIDC_ISSUER
      ? { issuer: vars.OIDC_ISSUER, clientId: vars.OIDC_CLIENT_ID!, clientSecret: vars.OIDC_CLIENT_SECRET! }
      : undefined,
    testEidPort: vars.SAMSYN_TEST_EID_PORT ?? vars.PORT + 1,
    trustProxy: vars.SAMSYN_TRUST_PROXY,
    devKeys,
    migrateOnStart: vars.SAMSYN_MIGRATE_ON_START === "true",
    smtpUrl: vars.SAMSYN_SMTP_URL,
    mailFrom: vars.SAMSYN_MAIL_FROM,
    // Under test every started server catches on a port of its own, so parallel servers never collide.
    mailCatcherPort: vars.SAMSYN_MAIL_CATCHER_PORT ?? (vars.NODE_ENV === "test" ? 0 : 2525),
    publicUrl: (vars.SAMSYN_PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ""),
    databasePool: { size: vars.SAMSYN_DB_POOL_SIZE, statementTimeoutMs: vars.SAMSYN_DB_STATEMENT_TIMEOUT_MS, idleInTransactionTimeoutMs: vars.SAMSYN_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, prepare: vars.SAMSYN_DB_PREPARE === "true" },
  };
}

/**
 * What `npm run audit:verify` needs, and nothing more: where the database is and which public keys
 * to trust. With SAMSYN_AUDIT_VERIFY_KEY set it reads only DATABASE_URL, SAMSYN_DATA_DIR and that
 * variable, so an auditor runs it without the signing key or the app's other secrets; otherwise the
 * public key comes from the signing key (or the development keys), as `parseEnv` reads them.
 * Throws EnvError naming the first bad variable.
 */
export function parseAuditorEnv(source: Record<string, string | undefined> = process.env): Pick<Env, "databaseUrl" | "dataDir" | "auditVerifyKeys"> {
  if (!source.SAMSYN_AUDIT_VERIFY_KEY) {
    const env = parseEnv(source);
    return { databaseUrl: env.databaseUrl, dataDir: env.dataDir, auditVerifyKeys: env.auditVerifyKeys };
  }
  const names = ["DATABASE_URL", "SAMSYN_DATA_DIR", "SAMSYN_AUDIT_VERIFY_KEY"] as const;
  const input = Object.fromEntries(names.map((name) => [name, source[name] === "" ? undefined : source[name]]));
  const parsed = schema.pick({ DATABASE_URL: true, SAMSYN_DATA_DIR: true, SAMSYN_AUDIT_VERIFY_KEY: true }).safeParse(input);
  if (!parsed.success) {
    const name = String(parsed.error.issues[0]?.path[0]) as Var;
    throw new EnvError(name, `is not valid: expected ${expected[name]}`);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    dataDir: path.resolve(parsed.data.SAMSYN_DATA_DIR),
    auditVerifyKeys: verifyKeyList(parsed.data.SAMSYN_AUDIT_VERIFY_KEY!),
  };
}

const verifyKeyList = (value: string) => value.split(",").map((key) => Buffer.from(key.trim(), "base64"));

/** The SPKI DER public key of an Ed25519 PKCS#8 DER private key. */
function publicKeyOf(pkcs8: Buffer): Buffer {
  return createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).export({ format: "der", type: "spki" });
}

interface DevKeys {
  encryption: string;
  hmac: string;
  /** Ed25519 private key, PKCS#8 DER in base64: signs the audit seals in development. */
  auditSigning: string;
}

const newAuditSigningKey = () => generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");

/**
 * Development keys live next to the embedded database, created once with owner-only access. A file
 * from before a key existed gets the missing key added and keeps the ones it has (data encrypted
 * under them stays readable).
 */
function loadOrCreateDevKeys(dataDir: string): DevKeys {
  const file = path.join(dataDir, "dev-keys.json");
  if (existsSync(file)) return completeDevKeys(file);
  mkdirSync(dataDir, { recursive: true });
  const keys: DevKeys = {
    encryption: `1:${randomBytes(32).toString("base64")}`,
    hmac: randomBytes(32).toString("base64"),
    auditSigning: newAuditSigningKey(),
  };
  try {
    writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process (a parallel test worker) wrote them first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return completeDevKeys(file);
    throw error;
  }
  chmodSync(file, 0o600);
  return keys;
}

function completeDevKeys(file: string): DevKeys {
  const keys = JSON.parse(readFileSync(file, "utf8")) as Partial<DevKeys>;
  if (keys.auditSigning) return keys as DevKeys;
  const completed = { ...keys, auditSigning: newAuditSigningKey() };
  // Written beside and renamed over, so that a reader never sees half a file; then read back, so
  // that two processes adding a key at once end up with the one that landed.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(completed, null, 2) + "\n", { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return JSON.parse(readFileSync(file, "utf8")) as DevKeys;
}

let cached: Env | undefined;

/** The validated environment of this process, read once. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
