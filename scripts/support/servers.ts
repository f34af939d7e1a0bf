import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that nothing listens on now (the system picks it; free until someone takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Asks `base`/healthz every `intervalMs` until it answers 200 (resolves to the ms it took), the
 * child process ends, or `timeoutMs` passes (both resolve to null: the caller says what failed).
 * Each question waits at most 2 s.
 */
export async function untilHealthy(base: string, child: ChildProcess | undefined, { intervalMs, timeoutMs = 90_000 }: { intervalMs: number; timeoutMs?: number }): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child?.exitCode !== null) return null;
    if (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.status === 200, () => false)) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return null;
}
