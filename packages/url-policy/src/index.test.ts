import { describe, expect, it } from 'vitest';
import { decodeCharacterReferences, isSafeUrl, safeUrl, stripLikeBrowsers } from './index.ts';
import { DANGEROUS_URLS, SAFE_URLS } from './payloads.ts';

describe('safeUrl', () => {
  it.each(DANGEROUS_URLS)('makes %j inert', (url) => {
    expect(safeUrl(url)).toBeNull();
    expect(isSafeUrl(url)).toBe(false);
  });

  it.each(SAFE_URLS)('keeps %j as typed', (url) => {
    expect(safeUrl(url)).toBe(url);
  });

  it('returns what the browser will parse: stripped and decoded', () => {
    expect(safeUrl('  https://example.org/a\tb ')).toBe('https://example.org/ab');
    expect(safeUrl('https://example.org/?a=1&amp;b=2')).toBe('https://example.org/?a=1&b=2');
  });

  it('judges the same string a browser would resolve, so nothing it returns has another scheme', () => {
    for (const url of [...DANGEROUS_URLS, ...SAFE_URLS]) {
      const kept = safeUrl(url);
      if (kept === null) continue;
      expect(['http:', 'https:', 'mailto:']).toContain(new URL(kept, 'https://app.example.org/x/').protocol);
    }
  });

  it('leaves nothing to link for an empty destination', () => {
    expect(safeUrl('')).toBeNull();
    expect(safeUrl(' \t ')).toBeNull();
  });
});

describe('helpers', () => {
  it('decodes numeric and named references, with or without the semicolon', () => {
    expect(decodeCharacterReferences('a&#x09;b&#58c&colon;d&unknown;')).toBe('a\tb:c:d&unknown;');
  });

  it('strips tab/newline anywhere and controls at the ends only', () => {
    expect(stripLikeBrowsers('\u0001 ja\tva\nscript:x\u0002 ')).toBe('javascript:x');
    expect(stripLikeBrowsers('a\u0001b')).toBe('a\u0001b');
  });
});
