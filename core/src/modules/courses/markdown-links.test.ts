import { safeUrl } from '@mirai/url-policy';
import { DANGEROUS_URLS, maliciousMarkdown } from '@mirai/url-policy/payloads';
import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { blocksWithSafeLinks, neutraliseUnsafeLinks } from './markdown-links.ts';

/** Every destination Markdown holds, as marked reads it (links, images, autolinks, reference definitions). */
function destinations(markdown: string): string[] {
  const found: string[] = [];
  const walk = (tokens: readonly Token[] | undefined) => {
    for (const token of tokens ?? []) {
      if ((token.type === 'link' || token.type === 'image' || token.type === 'def') && typeof token.href === 'string') found.push(token.href);
      if ('tokens' in token) walk(token.tokens);
      if (token.type === 'list') for (const item of token.items) walk(item.tokens);
    }
  };
  walk(Lexer.lex(markdown, { gfm: true }));
  return found;
}

describe('neutraliseUnsafeLinks', () => {
  it('leaves no destination the URL policy refuses, whichever way the payload is written', () => {
    const source = `${maliciousMarkdown()}\n\n- item [in a list](<java\tscript:x>)\n\n> [quoted](javascript:y)`;
    expect(destinations(source).filter((href) => safeUrl(href) === null).length).toBeGreaterThan(DANGEROUS_URLS.length);
    const cleaned = neutraliseUnsafeLinks(source);
    expect(cleaned).not.toBeNull();
    expect(destinations(cleaned ?? '').filter((href) => safeUrl(href) === null)).toEqual([]);
  });

  it('keeps the label of a refused link and leaves safe Markdown untouched', () => {
    expect(neutraliseUnsafeLinks('See [the **policy**](<java\tscript:alert(document.domain)>) now.')).toBe('See the **policy** now.');
    const safe = 'A [site](https://example.org), [mail](mailto:a@example.org), [page](../lesson-2) and ![chart](chart.png).';
    expect(neutraliseUnsafeLinks(safe)).toBe(safe);
  });

  it('drops a refused reference definition so the reference stays text', () => {
    expect(neutraliseUnsafeLinks('[ref][1]\n\n[1]: javascript:alert(1)\n')).not.toContain('javascript:');
  });
});

describe('blocksWithSafeLinks', () => {
  it('cleans Markdown and callout blocks and leaves the others as they are', () => {
    const heading = { id: 'h', type: 'heading', level: 1, text: '[x](javascript:1)' } as const;
    const blocks = blocksWithSafeLinks(
      [
        heading,
        { id: 'm', type: 'markdown', markdown: '[a](javascript:1)' },
        { id: 'c', type: 'callout', tone: 'tip', markdown: '[b](<vbscript:2>)' },
      ],
      '/blocks',
    );
    expect(blocks).toEqual([heading, { id: 'm', type: 'markdown', markdown: 'a' }, { id: 'c', type: 'callout', tone: 'tip', markdown: 'b' }]);
  });
});
