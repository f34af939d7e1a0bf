import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { auditVerifyKeys } from "../app/access/audit/keys.server";
import { defaultMaxUnsealedSeconds, verifyAuditTrail, type SignedHead } from "../app/access/audit/verify.server";
import { openDatabase } from "../app/lib/db.server";
import { EnvError, parseAuditorEnv } from "../app/lib/env.server";

/**
 * `npm run audit:verify [-- --head FILE] [--max-unsealed-seconds N]`: checks the audit trail's
 * seals on the configured database (PostgreSQL with DATABASE_URL, else the embedded folder; stop
 * the server first on PGlite) with the public key(s) only (ADR 0014). Needs SELECT and nothing else.
 *
 * Prints one line per problem and exits 1, or prints the latest signed head as one JSON line and
 * exits 0. With --head FILE, the head kept in FILE by an earlier run must still be in the database,
 * unchanged (that is what reveals a cut tail or a truncated trail); on success FILE gets the new head.
 */
const usage = "Usage: npm run audit:verify -- [--head FILE] [--max-unsealed-seconds N]";

const headSchema = z.object({
  seq: z.number().int().positive(),
  last_id: z.number().int().positive(),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  key_id: z.string().min(1),
  signature: z.string().min(1),
  sealed_at: z.string(),
});

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let args: { head?: string; "max-unsealed-seconds"?: string };
try {
  args = parseArgs({ options: { head: { type: "string" }, "max-unsealed-seconds": { type: "string" } } }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
const maxUnsealedSeconds = args["max-unsealed-seconds"] === undefined ? defaultMaxUnsealedSeconds : Number(args["max-unsealed-seconds"]);
if (!Number.isInteger(maxUnsealedSeconds) || maxUnsealedSeconds < 0) fail(`--max-unsealed-seconds takes a whole number of seconds.\n${usage}`, 2);

let env: ReturnType<typeof parseAuditorEnv>;
try {
  env = parseAuditorEnv();
} catch (error) {
  if (error instanceof EnvError) fail(error.message.replace("Samsyn cannot start", "Cannot verify the audit trail"));
  throw error;
}

const headFile = args.head;
let keptHead: SignedHead | undefined;
if (headFile && existsSync(headFile)) {
  let parsed: z.SafeParseReturnType<unknown, SignedHead> | undefined;
  try {
    parsed = headSchema.safeParse(JSON.parse(readFileSync(headFile, "utf8")));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) fail(`${headFile} does not hold a head printed by npm run audit:verify.`);
  keptHead = parsed.data;
}

const handle = openDatabase(env.databaseUrl ? { url: env.databaseUrl } : { dataDir: path.join(env.dataDir, "pglite") });
try {
  const started = performance.now();
  const report = await verifyAuditTrail(handle, { trustedKeys: auditVerifyKeys(env.auditVerifyKeys), maxUnsealedSeconds, keptHead });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { unsealed } = report;
  const waiting = unsealed.count > 0 ? `, ${unsealed.count} not sealed yet (the oldest for ${unsealed.waitedSeconds} s)` : "";
  if (report.ok) {
    console.log(`Audit trail intact: ${report.events} events in ${report.seals} seals (${report.absent} absent ids)${waiting}; checked in ${seconds} s.`);
    if (keptHead) console.log(`The kept head (seal ${keptHead.seq}) is still there, unchanged.`);
    if (report.head) {
      console.log(`Latest signed head: ${JSON.stringify(report.head)}`);
      if (headFile) {
        writeFileSync(headFile, JSON.stringify(report.head) + "\n");
        console.log(`Head written to ${headFile}: pass --head ${headFile} next time.`);
      } else {
        console.log("Keep this head outside the database and pass it next time (npm run audit:verify -- --head FILE): only a kept head reveals deleted newest seals or a truncated trail.");
      }
    } else {
      console.log("No seals yet.");
    }
  } else {
    console.error(`Audit trail BROKEN: ${report.findings.length + report.omitted} problem(s); ${report.events} events in ${report.seals} seals checked in ${seconds} s.`);
    for (const finding of report.findings) console.error(finding.message);
    if (report.omitted > 0) console.error(`… and ${report.omitted} more.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Cannot verify the audit trail: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
