import { decodeXmlEntities } from './docx-text.ts';

const NAMED: Readonly<Record<string, string>> = { nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”' };

/**
 * The readable text of a web page: scripts, styles and navigation chrome dropped, headings kept as
 * Markdown headings (so chunks follow the page's sections), block ends as paragraph breaks.
 */
export function htmlText(html: string): { title: string | null; text: string } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const text = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template|svg|nav|header|footer|form)\b[\s\S]*?<\/\1>/gi, '')
    .replace(
      /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi,
      (_m, level: string, inner: string) => `\n\n${'#'.repeat(Number(level))} ${inner.replace(/\s+/g, ' ')}\n\n`,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|section|article|blockquote|pre|tr|table|ul|ol|dd|dt)>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&([a-z]+);/gi, (whole, name: string) => NAMED[name.toLowerCase()] ?? whole);
  const decoded = decodeXmlEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { title: title === undefined ? null : decodeXmlEntities(title).replace(/\s+/g, ' ').trim() || null, text: decoded };
}
