/**
 * The one URL policy for author-supplied links (Markdown links, reference-style links, autolinks,
 * images), used by the web app, by every exporter and by core's block validation.
 *
 * A URL is judged the way a browser will read it: character references decoded (CommonMark
 * decodes them in link destinations, and an HTML attribute would too), then what the WHATWG URL
 * parser strips removed (ASCII tab, LF and CR anywhere; leading and trailing C0 controls and
 * spaces), then parsed with `URL`. Only http, https and mailto URLs and same-origin relative
 * references pass. Checking the scheme with a regular expression before that stripping is what let
 * `java\tscript:` through; here the check and the browser see the same string.
 *
 * This file imports nothing, so the app's bundler and the Node packages can share it as it is.
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
/** Any host will do; a relative reference that resolves away from it names another host (`//x`, `\\x`). */
const PROBE_BASE = 'https://relative.invalid/';

/** Named references that can spell a scheme or a separator; others stay as typed (and are escaped on output). */
const NAMED_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  tab: '\t',
  newline: '\n',
  colon: ':',
  sol: '/',
  bsol: '\\',
  period: '.',
  num: '#',
  quest: '?',
  excl: '!',
  lpar: '(',
  rpar: ')',
  semi: ';',
  comma: ',',
  equals: '=',
  plus: '+',
  percnt: '%',
  commat: '@',
};

/** Decodes HTML character references (`&#x09;`, `&#58;`, `&colon;`), also without the closing `;` as browsers do. */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    const decoded = NAMED_REFERENCES[ref.toLowerCase()];
    return decoded === undefined ? whole : decoded;
  });
}

/** What a browser removes before it parses a URL: tab, LF and CR anywhere; C0 controls and spaces at either end. */
export function stripLikeBrowsers(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function isSafeRelative(url: string): boolean {
  let resolved: URL;
  try {
    resolved = new URL(url, PROBE_BASE);
  } catch {
    return false;
  }
  // `//evil.example` and `\\evil.example` are relative references to another host: not allowed.
  return resolved.origin === new URL(PROBE_BASE).origin;
}

/**
 * The URL a link or image may carry, or null when it must stay inert (rendered without href/src).
 * The returned string is what browsers will parse identically; escape it for the output context.
 */
export function safeUrl(raw: string): string | null {
  const url = stripLikeBrowsers(decodeCharacterReferences(raw));
  if (url === '') return null;
  let absolute: URL | null;
  try {
    absolute = new URL(url);
  } catch {
    absolute = null;
  }
  if (absolute !== null) return ALLOWED_PROTOCOLS.has(absolute.protocol) ? url : null;
  return isSafeRelative(url) ? url : null;
}

/** True when `safeUrl` lets the URL through. */
export function isSafeUrl(raw: string): boolean {
  return safeUrl(raw) !== null;
}
