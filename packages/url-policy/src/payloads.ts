/**
 * Link destinations an attacker would try, shared by the policy's own tests and by the exporters'
 * and app's tests so every renderer is checked against the same list.
 */
export const DANGEROUS_URLS: readonly string[] = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'jav&#x09;ascript:alert(1)',
  'jav&#9;ascript:alert(1)',
  'jav&Tab;ascript:alert(1)',
  'javascript&colon;alert(1)',
  'javascript&#58;alert(1)',
  '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
  '&#x6A;avascript:alert(1)',
  '\u0001javascript:alert(1)',
  '\u0000javascript:alert(1)',
  ' \u001fjavascript:alert(1)',
  'javascript:alert(1)\u0000',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DATA:image/svg+xml,<svg onload=alert(1)>',
  'file:///etc/passwd',
  'blob:https://example.org/uuid',
  '//evil.example/x',
  '\\\\evil.example/x',
  '/\\evil.example/x',
];

/** Destinations that must stay links, as typed. */
export const SAFE_URLS: readonly string[] = [
  'https://example.org/a?b=1#c',
  'http://example.org',
  'HTTPS://EXAMPLE.ORG/',
  'mailto:someone@example.org',
  '/courses/1',
  'lesson-2.html',
  '../assets/chart.png',
  '#section-2',
  '?page=2',
];

/** Markdown that carries every dangerous URL in each way Markdown can hold a URL. */
export function maliciousMarkdown(): string {
  return DANGEROUS_URLS.map(markdownWithUrl).join('\n\n');
}

/** One URL as an inline link, an image, an autolink and a reference-style link and image. */
function markdownWithUrl(raw: string, index: number): string {
  // Markdown reads `\\` as one backslash; doubling them keeps `\\evil.example` as written.
  const url = raw.replace(/\\/g, '\\\\');
  // The pointy-bracket form keeps a tab or space inside the destination, as in the audit's payload.
  const destination = `<${url.replace(/[<>\n]/g, '')}>`;
  return [
    `Inline [policy ${index}](${destination}), image ![chart ${index}](${destination}), autolink <${url.replace(/[<>\s]/g, '')}>.`,
    `Reference [ref ${index}][r${index}] and ![img ${index}][r${index}].`,
    '',
    `[r${index}]: ${destination}`,
  ].join('\n');
}

/**
 * Every URL-carrying attribute value in an HTML or XML text that a browser would treat as script,
 * data or another host. Judged independently of `safeUrl` (a blunt prefix check after decoding and
 * removing every control character and space), so a bug in the policy cannot hide here too.
 */
export function dangerousUrlAttributes(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b(?:href|src|action|formaction|xlink:href|poster|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) {
    const quoted = match[1] ?? '';
    const value = /^["']/.test(quoted) ? quoted.slice(1, -1) : quoted;
    const decoded = value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
      if (!ref.startsWith('#')) return { tab: '\t', newline: '\n', colon: ':', sol: '/', bsol: '\\', amp: '&' }[ref.toLowerCase()] ?? whole;
      const hex = ref[1] === 'x' || ref[1] === 'X';
      return String.fromCodePoint(Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10) || 0xfffd);
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these around and inside schemes
    const squashed = decoded.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    if (/^(javascript|vbscript|data|file|blob):/.test(squashed) || /^[/\\]{2}/.test(squashed)) found.push(value);
  }
  return found;
}
