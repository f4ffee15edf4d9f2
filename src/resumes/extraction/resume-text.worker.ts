/**
 * Runs in a worker thread (see `extractResumeText`): reads the text of one PDF or DOCX file and posts it back. It
 * is started for one file and terminated afterwards, so a parser that never returns or eats memory is cut off by
 * the thread's time and heap limits without touching the process's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inflateWithin, inspectArchive } from './docx-archive.rules';

export interface WorkerRequest {
  kind: 'pdf' | 'docx';
  bytes: Uint8Array;
  maxPages: number;
  maxChars: number;
}

export type WorkerAnswer =
  | { ok: true; text: string; pages: number | null }
  | { ok: false; reason: 'TOO_MANY_PAGES' | 'ARCHIVE_TOO_LARGE' | 'UNREADABLE'; detail: string };

async function pdfText(request: WorkerRequest): Promise<WorkerAnswer> {
  // unpdf ships a Node build of PDF.js without a canvas or a worker of its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS build, loaded only in this thread
  const { getDocumentProxy } = require('unpdf') as typeof import('unpdf');
  const pdf = await getDocumentProxy(request.bytes, {
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  if (pdf.numPages > request.maxPages) {
    return { ok: false, reason: 'TOO_MANY_PAGES', detail: `${pdf.numPages} pages` };
  }
  const pages: string[] = [];
  let length = 0;
  for (let number = 1; number <= pdf.numPages && length < request.maxChars; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
    length += text.length;
  }
  await pdf.destroy();
  return { ok: true, text: pages.join('\n\f\n'), pages: pdf.numPages };
}

async function docxText(request: WorkerRequest): Promise<WorkerAnswer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, loaded only in this thread
  const mammoth = require('mammoth') as typeof import('mammoth');
  const bytes = Buffer.from(request.bytes);
  // A zip bomb is refused from its central directory, before anything is inflated; then every entry is held to
  // the size it declared while it is inflated, so an archive that lies is refused too.
  const inspected = inspectArchive(bytes);
  const checked = inspected.ok ? inflateWithin(bytes, inspected.entries) : inspected;
  if (!checked.ok) return checked;
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return { ok: true, text: value, pages: null };
}

async function answer(request: WorkerRequest): Promise<WorkerAnswer> {
  try {
    const result = request.kind === 'pdf' ? await pdfText(request) : await docxText(request);
    if (result.ok && result.text.length > request.maxChars)
      result.text = result.text.slice(0, request.maxChars);
    return result;
  } catch (error) {
    return {
      ok: false,
      reason: 'UNREADABLE',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

if (parentPort) {
  const port = parentPort;
  void answer(workerData as WorkerRequest).then((result) => port.postMessage(result));
}
