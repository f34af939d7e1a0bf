import { appDatabaseTarget, openDatabase } from "../app/lib/db.server";
import { verifyAuditTrail } from "../app/services/audit-verify.server";

/**
 * `npm run audit:verify`: re-computes the audit trail's hash chains on the configured database
 * (PostgreSQL with DATABASE_URL, else the embedded folder; stop the server first on PGlite) and
 * reports the first broken link. Exit code 1 when the trail is broken.
 */
const handle = openDatabase(appDatabaseTarget());
try {
  const started = performance.now();
  const result = await verifyAuditTrail(handle);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(`Audit trail intact: ${result.events} events in ${result.chains} chains (${seconds} s).`);
    console.log(`Digest of the chain heads (keep it outside the database): ${result.headsDigest}`);
  } else {
    const { id, chainKey, chainSeq, problem } = result.broken;
    const meaning = {
      unchained: "the event has no hash link",
      gap: "events are missing before it (deleted)",
      link: "its link to the previous event does not match (deleted, inserted or reordered events)",
      content: "its content does not match its hash (edited)",
    }[problem];
    console.error(`Audit trail BROKEN at event ${id} (chain ${chainKey}, position ${chainSeq}): ${meaning}.`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
