import type { PluginEgress } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { documentLimitError } from './document-limit-error.ts';
import { DOCX_MEDIA_TYPE, type DocumentMediaType } from './text-extraction.ts';

const MAX_REDIRECTS = 5;

const failed = (url: string, why: string) => new MiraiError('MIRAI_ERR_DOCUMENT_FETCH_FAILED', `${url} could not be fetched: ${why}`);

/** What a response's Content-Type is as a document, or null when it is not one Mirai reads. */
export function mediaTypeOfResponse(contentType: string | null, url: URL): DocumentMediaType | null {
  const type = (contentType ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'text/html';
  if (type === 'application/pdf') return 'application/pdf';
  if (type === DOCX_MEDIA_TYPE) return DOCX_MEDIA_TYPE;
  if (type === 'text/markdown' || type === 'text/x-markdown' || (type === 'text/plain' && /\.(md|markdown)$/i.test(url.pathname)))
    return 'text/markdown';
  if (type === 'text/plain') return 'text/plain';
  return null;
}

async function boundedBody(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw documentLimitError('bytes', `${url} has ${declared} bytes; at most ${maxBytes} are read (MIRAI_DOCUMENT_MAX_BYTES)`);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw documentLimitError('bytes', `${url} has more than ${maxBytes} bytes (MIRAI_DOCUMENT_MAX_BYTES)`);
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/**
 * A web page (or a text, PDF or DOCX file) fetched through the egress guard: every connection,
 * redirects included (followed here, at most MAX_REDIRECTS), goes only where the guard allows.
 */
export async function fetchDocument(
  egress: Pick<PluginEgress, 'fetch'>,
  address: string,
  options: { maxBytes: number; signal?: AbortSignal },
): Promise<{ bytes: Uint8Array; mediaType: DocumentMediaType; url: string }> {
  let url = new URL(address);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    let response: Response;
    try {
      response = await egress.fetch(url, {
        redirect: 'manual',
        headers: {
          accept: 'text/html, text/markdown, text/plain, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      throw failed(url.href, error instanceof Error ? error.message : String(error));
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failed(url.href, `the site answered ${response.status}`);
    }
    const mediaType = mediaTypeOfResponse(response.headers.get('content-type'), url);
    if (mediaType === null) {
      await response.body?.cancel();
      throw failed(url.href, `"${response.headers.get('content-type') ?? 'no type'}" is not a web page, text, PDF or DOCX`);
    }
    return { bytes: await boundedBody(response, options.maxBytes, url.href), mediaType, url: url.href };
  }
  throw failed(address, `more than ${MAX_REDIRECTS} redirects`);
}
