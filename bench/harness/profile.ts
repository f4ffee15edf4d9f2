import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { RESULTS_DIR } from './paths';

/**
 * With BENCH_PROFILE=1, records a V8 CPU profile of this process (the application's) while `work` runs and
 * writes it to bench/results/<label>.cpuprofile (open it in Chrome DevTools or speedscope).
 */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  if (process.env.BENCH_PROFILE !== '1') return work();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    session.disconnect();
    const dir = RESULTS_DIR;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`  CPU profile: ${file}\n`);
  }
}
