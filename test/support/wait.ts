/** Polls until the condition holds (background work: webhook deliveries, the worker), failing after the timeout. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition');
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until the job queue has nothing due: every earlier test file's writes enqueued fan-out jobs, which a
 * worker started now works through first.
 */
export async function drainJobQueue(
  sql: (query: string) => Promise<{ n: number }[]>,
  timeoutMs = 180_000,
): Promise<void> {
  await waitUntil(async () => {
    const [row] = await sql(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs
        WHERE run_at <= now() AND attempts < max_attempts AND locked_at IS NULL`,
    );
    return row.n === 0;
  }, timeoutMs);
}

/**
 * Deletes every webhook subscription (their deliveries go with them, so pending jobs end at once). A delivery
 * being recorded at the same moment may deadlock with the cascade; the delete is then simply tried again.
 */
export async function deleteAllSubscriptions(sql: (query: string) => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql('DELETE FROM webhook_subscription');
      return;
    } catch (error) {
      if (attempt >= 5 || !/deadlock/.test(String(error))) throw error;
      await sleep(100);
    }
  }
}

/**
 * Polls until the condition holds, failing after the timeout with what was awaited and, when given, a report of the
 * state at that moment (for suites whose failures are read from CI output: the fault and multi-process suites).
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 90_000,
  report?: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${report ? `: ${await report()}` : ''}`);
    await sleep(50);
  }
}
