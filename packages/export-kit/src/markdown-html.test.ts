import { describe, expect, it } from 'vitest';
import { escapeHtml, markdownToHtml } from './markdown-html.ts';

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
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
