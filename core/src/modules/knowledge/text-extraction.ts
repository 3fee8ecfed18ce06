import { Worker } from 'node:worker_threads';
import { MiraiError } from '../../errors/mirai-error.ts';
import { documentLimitError } from './document-limit-error.ts';
import { docxText } from './docx-text.ts';
import { htmlText } from './html-text.ts';
import type { PdfWorkerMessage } from './pdf-text.worker.ts';

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const DOCUMENT_MEDIA_TYPES = ['text/plain', 'text/markdown', 'application/pdf', DOCX_MEDIA_TYPE, 'text/html'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** Operator limits of one extraction (MIRAI_DOCUMENT_*). */
export interface DocumentLimits {
  maxBytes: number;
  maxPages: number;
  timeoutMs: number;
}

export interface ExtractionOptions {
  limits: DocumentLimits;
  signal?: AbortSignal;
  onProgress?: (page: number, total: number) => void;
}

const WORKER_URL = new URL('./pdf-text.worker.ts', import.meta.url);

/** A PDF's pages, read on a worker thread that is terminated when the time limit or `signal` ends it. */
function pdfPages(bytes: Uint8Array, options: ExtractionOptions): Promise<string[]> {
  const { limits, signal, onProgress } = options;
  // pdf.js refuses Buffer (a Uint8Array subclass), so hand it a plain copy (transferred, not cloned).
  const copy = new Uint8Array(bytes);
  return new Promise<string[]>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { bytes: copy, maxPages: limits.maxPages }, transferList: [copy.buffer] });
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            documentLimitError(
              'seconds',
              `Reading the PDF took longer than ${limits.timeoutMs / 1000} s, the limit (MIRAI_DOCUMENT_EXTRACT_SECONDS)`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    const onAbort = () => settle(() => reject(signal?.reason ?? new Error('aborted')));
    if (signal?.aborted === true) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: PdfWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.page, message.total);
      else if (message.type === 'done') settle(() => resolve(message.pages));
      else if (message.type === 'too-many-pages')
        settle(() =>
          reject(documentLimitError('pages', `The PDF has ${message.total} pages; at most ${limits.maxPages} are read (MIRAI_DOCUMENT_MAX_PAGES)`)),
        );
      else if (message.type === 'unreadable')
        settle(() => reject(new MiraiError('MIRAI_ERR_DOCUMENT_UNREADABLE', `The file is not a readable PDF: ${message.message}`)));
    });
    worker.on('error', (error) =>
      settle(() => reject(new MiraiError('MIRAI_ERR_DOCUMENT_UNREADABLE', `The PDF could not be read: ${error.message}`))),
    );
    worker.on('exit', () => settle(() => reject(new MiraiError('MIRAI_ERR_DOCUMENT_UNREADABLE', 'The PDF reader stopped before it finished'))));
  });
}

/**
 * Plain text of an SME document within the operator's limits; PDFs are read page by page off the
 * event loop, pages separated by blank lines; DOCX and web pages keep their headings as Markdown headings.
 */
export async function extractDocumentText(mediaType: DocumentMediaType, bytes: Uint8Array, options: ExtractionOptions): Promise<string> {
  if (bytes.length > options.limits.maxBytes)
    throw documentLimitError(
      'bytes',
      `The document has ${bytes.length} bytes; at most ${options.limits.maxBytes} are read (MIRAI_DOCUMENT_MAX_BYTES)`,
    );
  const decoded = () => new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\r\n?/g, '\n');
  const text =
    mediaType === 'application/pdf'
      ? (await pdfPages(bytes, options)).join('\n\n')
      : mediaType === DOCX_MEDIA_TYPE
        ? docxText(bytes, options.limits.maxBytes)
        : mediaType === 'text/html'
          ? htmlText(decoded()).text
          : decoded();
  // PostgreSQL text holds no U+0000, and a lone surrogate is no text either.
  return text.replaceAll('\u0000', '').toWellFormed();
}
