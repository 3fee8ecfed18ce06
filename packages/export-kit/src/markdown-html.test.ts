import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { escapeHtml, markdownToHtml } from './markdown-html.ts';
import { DANGEROUS_URLS, dangerousUrlAttributes, maliciousMarkdown } from './testing/link-payloads.ts';

describe('markdownToHtml', () => {
  it('shows raw HTML as text', () => {
    expect(markdownToHtml('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(markdownToHtml('a <b onclick="x">b</b>')).not.toContain('<b');
  });

  it('keeps web and mail links, turns other schemes into text', () => {
    expect(markdownToHtml('[site](https://example.com "T")')).toContain('<a href="https://example.com" title="T">site</a>');
    expect(markdownToHtml('[mail](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
    expect(markdownToHtml('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
  });

  it('starts headings at h2 and turns images into their alt text', () => {
    expect(markdownToHtml('# Title')).toBe('<h2>Title</h2>\n');
    expect(markdownToHtml('![A spine](https://example.com/s.png)')).toContain(
      '<a href="https://example.com/s.png"><span class="image-alt">A spine</span></a>',
    );
    expect(markdownToHtml('![](data:image/png;base64,AAAA)')).toBe('<p><span class="image-alt">Image</span></p>\n');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and drops characters XML 1.0 forbids, so a manifest stays valid', () => {
    expect(escapeHtml(`<a href="x">Tom's & co</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;');
    expect(escapeHtml('Storing data\u0001\u000B\uFFFF')).toBe('Storing data');
    expect(escapeHtml('tab\tline\nok \u{1F600}')).toBe('tab\tline\nok \u{1F600}');
    expect(escapeHtml('lone \uD800 surrogate')).toBe('lone  surrogate');
  });
});

describe('markdownToHtml and the URL policy', () => {
  it('the payload scanner finds what an unguarded renderer lets through', () => {
    expect(dangerousUrlAttributes(new Marked({ gfm: true }).parse(maliciousMarkdown(), { async: false })).length).toBeGreaterThan(20);
  });

  it('leaves no dangerous href or src for any payload, written any way Markdown allows', () => {
    for (const options of [{}, { headingOffset: 2, newWindowLinks: true, imageAltClass: 'md-image-alt', linkImages: false }]) {
      expect(dangerousUrlAttributes(markdownToHtml(maliciousMarkdown(), options))).toEqual([]);
    }
  });

  it.each(DANGEROUS_URLS)('renders %j without a link', (url) => {
    const destination = `<${url.replace(/[<>\n]/g, '').replace(/\\/g, '\\\\')}>`;
    const html = markdownToHtml(`[policy](${destination})\n\n[ref][1]\n\n[1]: ${destination}`);
    expect(html).not.toContain('<a ');
  });

  it('keeps the audit payload (a tab inside the scheme) as text', () => {
    expect(markdownToHtml('[policy](<java\tscript:alert(document.domain)>)')).toBe('<p>policy</p>\n');
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
