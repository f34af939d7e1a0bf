import { getPage, timeInterleaved } from "./timing";

/**
 * The bench's HTTP client for pages timed one request at a time, run as a process of its own
 * (`fork`): a heap of its own, so that the bench process's garbage collection (it holds what it
 * seeded and every result so far) never pauses inside a timed request (docs/bench.md, "The timing
 * client"). Receives one `PageTimerJob` message, answers one `PageTimerResult` and ends.
 */
export interface PageTimerJob {
  base: string;
  targets: { path: string; cookie: string }[];
  times: number;
  warmup: number;
  maxSeconds: number;
}

export interface PageTimerResult {
  /** ms per request, one array per target, in the targets' order. */
  samples: number[][];
  /** Requests per target that did not answer 200. */
  failed: number[];
}

async function run(job: PageTimerJob): Promise<PageTimerResult> {
  const failed = job.targets.map(() => 0);
  const works = job.targets.map((target, i) => async () => {
    if ((await getPage(job.base, target.path, target.cookie)) !== 200) failed[i]!++;
  });
  const samples = await timeInterleaved(job.times, works, { warmup: job.warmup, maxSeconds: job.maxSeconds });
  return { samples, failed };
}

if (process.send) {
  process.once("message", (job: PageTimerJob) => {
    void run(job).then((result) => process.send!(result, () => process.disconnect()));
  });
}
