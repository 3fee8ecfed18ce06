import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { getDocumentProxy } from 'unpdf';

/**
 * Reads a PDF's text page by page on a worker thread, so a large document never blocks the API's
 * event loop; the parent enforces the time limit by terminating this thread.
 */
export type PdfWorkerMessage =
  | { type: 'pages'; total: number }
  | { type: 'progress'; page: number; total: number }
  | { type: 'done'; pages: string[] }
  | { type: 'too-many-pages'; total: number }
  | { type: 'unreadable'; message: string };

interface PdfWorkerInput {
  bytes: Uint8Array;
  maxPages: number;
}

async function run(port: NonNullable<typeof parentPort>, input: PdfWorkerInput): Promise<void> {
  const post = (message: PdfWorkerMessage) => port.postMessage(message);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(input.bytes, { verbosity: 0 });
  } catch (error) {
    return post({ type: 'unreadable', message: (error as Error).message });
  }
  const total = pdf.numPages;
  // Refused before any page is read: the page count is in the document's trailer.
  if (total > input.maxPages) return post({ type: 'too-many-pages', total });
  post({ type: 'pages', total });
  const pages: string[] = [];
  for (let number = 1; number <= total; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    if (number % 10 === 0 || number === total) post({ type: 'progress', page: number, total });
  }
  post({ type: 'done', pages });
}

/**
 * Extraction is background work: on Linux this thread lowers its own scheduling priority (a
 * thread id passed to setpriority affects only that thread), so on a busy machine it yields the
 * CPU to the thread that serves requests. Elsewhere it simply runs at normal priority.
 */
function yieldToRequests(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, 19);
  } catch {
    // No /proc, or not allowed: the thread still keeps the event loop free.
  }
}

if (parentPort !== null) {
  const port = parentPort;
  yieldToRequests();
  run(port, workerData as PdfWorkerInput).catch((error: unknown) => port.postMessage({ type: 'unreadable', message: (error as Error).message }));
}
