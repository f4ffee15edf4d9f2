import { performance } from 'node:perf_hooks';
import { LatencySummary, summarize } from './stats';

export interface DirectResult {
  durationSeconds: number;
  ok: number;
  failures: number;
  throughput: number;
  latency: LatencySummary;
  failureSamples: string[];
}

/**
 * Closed loop for reference runs that talk to PostgreSQL directly (no HTTP): `concurrency` workers each run
 * `work(worker)` back to back for `seconds`. Latency is per call.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  work: (worker: number) => Promise<void>,
): Promise<DirectResult> {
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await work(worker);
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures++;
          if (failureSamples.length < 5) failureSamples.push(String(error));
        }
      }
    }),
  );
  const durationSeconds = (performance.now() - start) / 1000;
  return {
    durationSeconds,
    ok: latencies.length,
    failures,
    throughput: latencies.length / durationSeconds,
    latency: summarize(latencies),
    failureSamples,
  };
}

/**
 * Open loop: starts `work(i)` for i = 0 … count-1 at `ratePerSecond`, whether or not earlier calls finished (as
 * job boards do). Latency is measured from each call's scheduled start, so queueing counts.
 */
export async function openLoop(
  count: number,
  ratePerSecond: number,
  work: (index: number) => Promise<void>,
): Promise<DirectResult> {
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  const start = performance.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const scheduled = start + (i * 1000) / ratePerSecond;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    calls.push(
      work(i).then(
        () => void latencies.push(performance.now() - scheduled),
        (error) => {
          failures++;
          if (failureSamples.length < 5) failureSamples.push(String(error));
        },
      ),
    );
  }
  await Promise.all(calls);
  const durationSeconds = (performance.now() - start) / 1000;
  return {
    durationSeconds,
    ok: latencies.length,
    failures,
    throughput: latencies.length / durationSeconds,
    latency: summarize(latencies),
    failureSamples,
  };
}
