import { describe, expect, it } from 'vitest';
import { type BlockRenderContext, renderBlock } from './render-blocks.ts';

const context = (images: Record<string, string> = {}): BlockRenderContext => {
  let id = 0;
  return { headingOffset: 1, imageSrc: (key) => images[key] ?? null, nextId: () => ++id };
};

describe('rendering blocks as HTML', () => {
  it('treats authored Markdown as untrusted', () => {
    const html = renderBlock(
      {
        id: 'b',
        type: 'markdown',
        markdown: [
          '<img src=x onerror=alert(1)>',
          '',
          'Inline <b onclick="x()">bold</b> and [bad](javascript:alert(1)), [data](data:text/html,hi), <javascript:alert(2)>',
          '',
          '[ok](https://example.org "T\'s") ![pic](https://tracker.example/p.gif)',
        ].join('\n'),
      },
      context(),
    );
    expect(html).not.toMatch(/<img|<b |javascript:alert\(1\)"|href="data:|href="javascript:/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<a href="https://example.org" title="T&#39;s" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(html).toContain('<span class="md-image-alt">pic</span>');
  });

  it('shifts Markdown and heading-block levels under the page title', () => {
    expect(renderBlock({ id: 'b', type: 'markdown', markdown: '# Top\n###### Deep' }, context())).toContain('<h2>Top</h2>\n<h6>Deep</h6>');
    expect(renderBlock({ id: 'b', type: 'heading', level: 3, text: 'A & B' }, { ...context(), headingOffset: 3 })).toBe(
      '<h6 class="block heading">A &amp; B</h6>',
    );
  });

  it('escapes code, callouts, quiz and flashcard text', () => {
    expect(renderBlock({ id: 'b', type: 'code', language: 'html"><script>', code: '<script>alert(1)</script>' }, context())).toBe(
      '<pre class="block code" data-language="htmlscript"><code class="language-htmlscript">&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>',
    );
    const quiz = renderBlock(
      { id: 'b', type: 'quiz', questions: [{ id: 'q', prompt: '<i>Pick</i>', choices: ['<a>', 'b"'], answerIndex: 1, explanation: '</p>' }] },
      context(),
    );
    expect(quiz).toContain('&lt;i&gt;Pick&lt;/i&gt;');
    expect(quiz).toContain('>&lt;a&gt;</button>');
    expect(quiz).toContain('>b&quot;</button>');
    expect(quiz).toContain('data-answer="1"');
    expect(quiz).toContain('<p class="explanation">&lt;/p&gt;</p>');
    const cards = renderBlock({ id: 'b', type: 'flashcards', cards: [{ id: 'c', front: '<front>', back: '<back>' }] }, context());
    expect(cards).toContain('<span class="flashcard-face flashcard-front">&lt;front&gt;</span>');
    expect(cards).toContain('<span class="flashcard-face flashcard-back" aria-hidden="true">&lt;back&gt;</span>');
    expect(renderBlock({ id: 'b', type: 'callout', tone: 'warning', markdown: '<hr>' }, context())).toContain('&lt;hr&gt;');
  });

  it('renders an image or, when its asset is missing, its alt text', () => {
    const image = { id: 'b', type: 'image', storageKey: 'k', alt: 'A "chart"', caption: 'Fig <1>' } as const;
    expect(renderBlock(image, context({ k: '../assets/001-k.png' }))).toBe(
      '<figure class="block image"><img src="../assets/001-k.png" alt="A &quot;chart&quot;"><figcaption>Fig &lt;1&gt;</figcaption></figure>',
    );
    expect(renderBlock(image, context())).toBe(
      '<figure class="block image image-missing"><p class="image-alt">A &quot;chart&quot;</p><figcaption>Fig &lt;1&gt;</figcaption></figure>',
    );
  });
});
