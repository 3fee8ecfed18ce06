import { unzipSync } from 'fflate';
import { MiraiError } from '../../errors/mirai-error.ts';
import { documentLimitError } from './document-limit-error.ts';

const unreadable = (why: string) => new MiraiError('MIRAI_ERR_DOCUMENT_UNREADABLE', `The file is not a readable DOCX: ${why}`);

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** One `<w:p>` paragraph as text; a Heading n (or Title) style becomes a Markdown heading, so chunks keep the structure. */
function paragraphText(xml: string): string {
  const text = decodeXmlEntities(
    [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g)]
      .map((m) => (m[2] === 'tab' ? '\t' : m[2] !== undefined ? '\n' : (m[1] ?? '')))
      .join(''),
  ).trim();
  if (text === '') return '';
  const style = /<w:pStyle\s+w:val="([^"]+)"/.exec(xml)?.[1] ?? '';
  const level = /^heading\s?(\d)$/i.exec(style)?.[1] ?? (/^title$/i.test(style) ? '1' : undefined);
  return level === undefined ? text : `${'#'.repeat(Number(level))} ${text}`;
}

/**
 * The text of a Word (OOXML) document's body, paragraphs separated by blank lines. Only
 * `word/document.xml` is unpacked, and only when its declared size is within `maxBytes`.
 */
export function docxText(bytes: Uint8Array, maxBytes: number): string {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name !== 'word/document.xml') return false;
        if (file.originalSize > maxBytes)
          throw documentLimitError('bytes', `The DOCX text has ${file.originalSize} bytes; at most ${maxBytes} are read (MIRAI_DOCUMENT_MAX_BYTES)`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof MiraiError) throw error;
    throw unreadable(error instanceof Error ? error.message : 'not a zip archive');
  }
  const xml = entries['word/document.xml'];
  if (xml === undefined) throw unreadable('it has no word/document.xml');
  const body = new TextDecoder('utf-8').decode(xml);
  return [...body.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)]
    .map((m) => paragraphText(m[0]))
    .filter((p) => p !== '')
    .join('\n\n');
}
