import type { StaffActor } from "../../app/access/actor";
import { withReader } from "../../app/access/gate.server";
import { openDatabase, useDatabase } from "../../app/lib/db.server";
import { listMailbox } from "../../app/services/messages/mailbox.server";
import { getPage, timeInterleaved } from "./timing";

/**
 * The bench's timer, run as a process of its own (`fork`): its heap holds only what it times, so
 * that the bench process's garbage collection (it holds what it seeded and every result so far)
 * never pauses inside a timed call (docs/bench.md, "A timer of its own"). Receives one
 * `TimerJob` message, answers one `TimerResult` and ends.
 *
 * - `pages`: GET each target one request at a time, the targets in turn (`timeInterleaved`).
 * - `mailbox`: the mailbox's first page through the service (`listMailbox` in `withReader`), as
 *   the route calls it, each call in turn; the process opens its own pool on `url` (PostgreSQL
 *   only: an embedded database has one process).
 */
export type TimerJob = { times: number; warmup: number; maxSeconds: number } & (
  | { kind: "pages"; base: string; targets: { path: string; cookie: string }[] }
  | { kind: "mailbox"; url: string; calls: { actor: StaffActor; filter: "all" | "unread"; lines: number }[] }
);

export interface TimerResult {
  /** ms per call, one array per target or call, in the job's order. */
  samples: number[][];
  /** Calls per target that failed: a page that did not answer 200, a mailbox page without its `lines`. */
  failed: number[];
}

async function run(job: TimerJob): Promise<TimerResult> {
  const timing = { warmup: job.warmup, maxSeconds: job.maxSeconds };
  if (job.kind === "pages") {
    const failed = job.targets.map(() => 0);
    const works = job.targets.map((target, i) => async () => {
      if ((await getPage(job.base, target.path, target.cookie)) !== 200) failed[i]!++;
    });
    return { samples: await timeInterleaved(job.times, works, timing), failed };
  }
  const handle = openDatabase({ url: job.url });
  useDatabase(handle);
  try {
    const failed = job.calls.map(() => 0);
    const works = job.calls.map((call, i) => async () => {
      const page = await withReader(call.actor, (reader) => listMailbox(reader, { folder: "inbox", filter: call.filter, search: "", after: "" }));
      if (page.lines.length !== call.lines) failed[i]!++;
    });
    return { samples: await timeInterleaved(job.times, works, timing), failed };
  } finally {
    useDatabase(undefined);
    await handle.close();
  }
}

if (process.send) {
  process.once("message", (job: TimerJob) => {
    void run(job).then((result) => process.send!(result, () => process.disconnect()));
  });
}
