import { describe, expect, it } from 'vitest';
import { minimalPdf } from '../../testing/minimal-pdf.ts';
import { extractDocumentText } from './text-extraction.ts';

const limits = { maxBytes: 1_048_576, maxPages: 100, timeoutMs: 60_000 };

describe('SME document text extraction', () => {
  it('reads a PDF page by page off the event loop, reporting progress', async () => {
    const progress: Array<[number, number]> = [];
    const text = await extractDocumentText('application/pdf', minimalPdf(['Lift with your knees.'], 25), {
      limits,
      onProgress: (page, total) => progress.push([page, total]),
    });
    expect(text.split('Lift with your knees.')).toHaveLength(26);
    expect(progress).toEqual([
      [10, 25],
      [20, 25],
      [25, 25],
    ]);
  });

  it('fails with a coded error naming each limit: pages, bytes, seconds', async () => {
    const pdf = minimalPdf(['x'], 5);
    await expect(extractDocumentText('application/pdf', pdf, { limits: { ...limits, maxPages: 4 } })).rejects.toMatchObject({
      code: 'MIRAI_ERR_DOCUMENT_LIMIT_EXCEEDED',
      extensions: { limit: 'pages' },
    });
    await expect(extractDocumentText('text/plain', new Uint8Array(2048), { limits: { ...limits, maxBytes: 1024 } })).rejects.toMatchObject({
      extensions: { limit: 'bytes' },
    });
    // A worker thread cannot even load the PDF reader within 1 ms: the time limit ends it.
    await expect(extractDocumentText('application/pdf', pdf, { limits: { ...limits, timeoutMs: 1 } })).rejects.toMatchObject({
      extensions: { limit: 'seconds' },
    });
  });

  it('drops U+0000 and lone surrogates, which PostgreSQL text cannot hold', async () => {
    const text = await extractDocumentText('text/plain', new TextEncoder().encode('a\u0000b'), { limits });
    expect(text).toBe('ab');
  });
});
