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
