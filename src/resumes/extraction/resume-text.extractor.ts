import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerAnswer, WorkerRequest } from './resume-text.worker';

export interface ExtractionLimits {
  /** Wall-clock time one file may take, worker start included. */
  timeoutMs: number;
  /** Pages read from a PDF; a longer one is refused. */
  maxPages: number;
  /** Characters of text kept. */
  maxChars: number;
  /** The worker thread's JavaScript heap. */
  maxHeapMb: number;
}

export type ExtractionResult =
  | { ok: true; text: string; pages: number | null }
  | {
      ok: false;
      reason: 'TIMEOUT' | 'TOO_MANY_PAGES' | 'ARCHIVE_TOO_LARGE' | 'UNREADABLE' | 'OUT_OF_MEMORY';
      detail: string;
    };

// Compiled, the worker is a .js file next to this one; under ts-jest or ts-node it is the .ts source, which the
// thread compiles on the fly.
const compiled = join(__dirname, 'resume-text.worker.js');
const source = join(__dirname, 'resume-text.worker.ts');
const WORKER_SCRIPT = existsSync(compiled)
  ? `require(${JSON.stringify(compiled)})`
  : `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(source)})`;

/**
 * The text of a PDF or DOCX file, read in a worker thread of its own: the thread is terminated when the file takes
 * longer than `timeoutMs` (a PDF whose parsing never ends) or exceeds its heap, and the worker that runs jobs keeps
 * serving others meanwhile. Never throws: every failure is a result with a reason.
 */
export function extractResumeText(
  kind: 'pdf' | 'docx',
  bytes: Buffer,
  limits: ExtractionLimits,
): Promise<ExtractionResult> {
  return new Promise((resolve) => {
    const request: WorkerRequest = {
      kind,
      bytes: new Uint8Array(bytes),
      maxPages: limits.maxPages,
      maxChars: limits.maxChars,
    };
    let settled = false;
    const worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    const finish = (result: ExtractionResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: 'TIMEOUT', detail: `no answer within ${limits.timeoutMs} ms` }),
      limits.timeoutMs,
    );
    worker.on('message', (answer: WorkerAnswer) => finish(answer));
    worker.on('error', (error: Error & { code?: string }) =>
      finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { ok: false, reason: 'OUT_OF_MEMORY', detail: error.message }
          : { ok: false, reason: 'UNREADABLE', detail: error.message },
      ),
    );
    worker.on('exit', (code) =>
      finish({ ok: false, reason: 'UNREADABLE', detail: `the reader stopped (exit code ${code})` }),
    );
  });
}
