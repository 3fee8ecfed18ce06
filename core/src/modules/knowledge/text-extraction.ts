import { extractText, getDocumentProxy } from 'unpdf';
import { MiraiError } from '../../errors/mirai-error.ts';

export const DOCUMENT_MEDIA_TYPES = ['text/plain', 'text/markdown', 'application/pdf'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** Plain text of an uploaded document; PDFs are read page by page, pages separated by blank lines. */
export async function extractDocumentText(mediaType: DocumentMediaType, bytes: Uint8Array): Promise<string> {
  if (mediaType !== 'application/pdf') return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\r\n?/g, '\n');
  try {
    // pdf.js refuses Buffer (a Uint8Array subclass), so hand it a plain copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    return text.join('\n\n');
  } catch (error) {
    throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `/body/contentBase64 is not a readable PDF: ${(error as Error).message}`, {
      fieldErrors: [{ field: '/body/contentBase64', message: 'is not a readable PDF' }],
    });
  }
}
