import { describe, expect, it } from 'vitest';
import { contentBlockHtml, detailsFlashcardsHtml } from './block-html.ts';

const assets = new Map<string, string | null>([
  ['t/ok.png', 'assets/1-ok.png'],
  ['t/gone.png', null],
]);

describe('block HTML', () => {
  it('renders headings one level down and escapes author text', () => {
    expect(contentBlockHtml({ id: 'h', type: 'heading', level: 1, text: 'A & <B>' }, { assets })).toBe('<h2>A &amp; &lt;B&gt;</h2>');
    expect(contentBlockHtml({ id: 'c', type: 'code', language: 'js"x', code: '<b>' }, { assets })).toContain(
      '<code class="language-jsx">&lt;b&gt;</code>',
    );
  });

  it('labels callouts and renders their Markdown', () => {
    const html = contentBlockHtml({ id: 'c', type: 'callout', tone: 'warning', markdown: '**Careful**' }, { assets });
    expect(html).toContain('<p class="callout-label">Warning</p>');
    expect(html).toContain('<strong>Careful</strong>');
  });

  it('shows an image from its asset path, or its alt text when storage has none', () => {
    expect(contentBlockHtml({ id: 'i', type: 'image', storageKey: 't/ok.png', alt: 'Spine', caption: 'Fig' }, { assets })).toBe(
      '<figure class="image"><img src="assets/1-ok.png" alt="Spine">\n<figcaption>Fig</figcaption></figure>',
    );
    expect(contentBlockHtml({ id: 'i', type: 'image', storageKey: 't/gone.png', alt: 'Spine' }, { assets })).toBe(
      '<figure class="image"><p class="image-missing">Spine</p></figure>',
    );
  });

  it('renders flashcards as details disclosures', () => {
    const html = detailsFlashcardsHtml([{ id: 'f', front: '<Front>', back: 'Back' }], { id: (prefix) => `${prefix}-1` });
    expect(html).toContain('<h2 id="flashcards-1">Flashcards</h2>');
    expect(html).toContain('<details class="flashcard"><summary>&lt;Front&gt;</summary><p>Back</p></details>');
  });
});
