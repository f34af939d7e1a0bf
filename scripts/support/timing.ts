/**
 * How the bench times calls and pages: each of `works` in turn, the order rotating, so that a slow
 * spell of the machine falls on every series alike. Shared by the bench process and its timer
 * process (`timer-process.ts`).
 */

/**
 * Times each of `works` `times` times (ms, from `performance.now()`), one of each in turn, the
 * order rotating every turn, after `warmup` untimed turns. At least three turns; after
 * `maxSeconds` (warm-up included) no new turn starts. Returns one array of samples per work.
 */
export async function timeInterleaved(times: number, works: (() => Promise<unknown>)[], { warmup = 10, maxSeconds = Infinity } = {}): Promise<number[][]> {
  const deadline = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < warmup; i++) for (const work of works) await work();
  const samples = works.map(() => [] as number[]);
  for (let i = 0; i < Math.max(1, Math.round(times)) && (i < 3 || performance.now() < deadline); i++) {
    for (let k = 0; k < works.length; k++) {
      const which = (i + k) % works.length;
      const started = performance.now();
      await works[which]!();
      samples[which]!.push(performance.now() - started);
    }
  }
  return samples;
}

/** GET `path` as the holder of `cookie`, read to its end, redirects not followed: its status. */
export async function getPage(base: string, path: string, cookie: string): Promise<number> {
  const response = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  return response.status;
}
