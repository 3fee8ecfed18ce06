import { DANGEROUS_URLS, dangerousUrlAttributes, maliciousMarkdown } from '@mirai/url-policy/payloads';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LessonBlocks } from './lesson-blocks';
import { gradeLocally, type LessonBlock } from './types';

const render = (blocks: LessonBlock[]) => renderToStaticMarkup(createElement(LessonBlocks, { blocks }));

describe('LessonBlocks', () => {
  it('renders Markdown as elements: raw HTML stays text, unsafe links are not links', () => {
    const html = render([
      {
        id: 'm',
        type: 'markdown',
        markdown: '# Lift\n\nSee <script>alert(1)</script> **close** and [x](javascript:alert(1)) [ok](https://example.com)\n\n- one\n- two',
      },
    ]);
    expect(html).toContain('<h2>Lift</h2>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>close</strong>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a href="https://example.com">ok</a>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
  });

  it('never lets a Markdown heading skip a level below the one before it', () => {
    const html = render([{ id: 'm', type: 'markdown', markdown: '### Why\n\ntext\n\n##### Detail\n\n# Next\n\n> ### Quoted' }]);
    expect(html).toContain('<h2>Why</h2>');
    expect(html).toContain('<h3>Detail</h3>');
    expect(html).toContain('<h2>Next</h2>');
    expect(html).toContain('<h3>Quoted</h3>');
  });

  it('follows the shared URL policy for every payload, in Markdown blocks and callouts', () => {
    const html = render([
      { id: 'm', type: 'markdown', markdown: `${maliciousMarkdown()}\n\n[safe](https://example.org/ok)` },
      { id: 'c', type: 'callout', tone: 'warning', markdown: maliciousMarkdown() },
    ]);
    expect(dangerousUrlAttributes(html)).toEqual([]);
    expect(html).toContain('<a href="https://example.org/ok">safe</a>');
  });

  it('shows an image only from an address the URL policy accepts', () => {
    const image = (url: string) => render([{ id: 'i', type: 'image', storageKey: 'k', alt: 'Chart', url }]);
    expect(image('java\tscript:alert(1)')).not.toContain('<img');
    expect(image('https://storage.example/chart.png')).toContain('<img src="https://storage.example/chart.png"');
  });

  it('does not link the audit payload (a tab inside the scheme) or any single payload', () => {
    expect(render([{ id: 'm', type: 'markdown', markdown: '[policy](<java\tscript:alert(document.domain)>)' }])).not.toContain('<a ');
    for (const url of DANGEROUS_URLS) {
      const destination = `<${url.replace(/[<>\n]/g, '').replace(/\\/g, '\\\\')}>`;
      const html = render([{ id: 'm', type: 'markdown', markdown: `[policy](${destination}) [ref][1]\n\n[1]: ${destination}` }]);
      expect(html, url).not.toContain('<a ');
    }
  });

  it('parses GFM as the exporters do: tables, numbered lists, fences, entities, block HTML as text', () => {
    const html = render([
      {
        id: 'm',
        type: 'markdown',
        markdown: [
          '| Load | Lift |',
          '| --- | --- |',
          '| 10 kg | two people &amp; a trolley |',
          '',
          '3. third',
          '4. fourth',
          '',
          '```',
          'if (a < b) lift();',
          '```',
          '',
          '<iframe src="https://evil.example"></iframe>',
          '',
          '![](https://example.com/x.png) [site](//evil.example) ~~old~~ `x &lt; y`',
        ].join('\n'),
      },
    ]);
    expect(html).toContain('<th scope="col">Load</th>');
    expect(html).toContain('<td>two people &amp; a trolley</td>');
    expect(html).toContain('<ol start="3"><li>third</li><li>fourth</li></ol>');
    expect(html).toContain('<pre class="md-code"><code>if (a &lt; b) lift();</code></pre>');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;');
    expect(html).not.toContain('<iframe');
    expect(html).toContain('<span class="md-image-alt">Image</span>');
    expect(html).not.toContain('href="//evil.example"');
    expect(html).toContain('<del>old</del>');
    expect(html).toContain('<code>x &amp;lt; y</code>');
  });

  it('keeps heading levels gap-free under the lesson title when the lesson starts at level 2', () => {
    const html = render([
      { id: 'a', type: 'heading', level: 2, text: 'Why' },
      { id: 'b', type: 'heading', level: 3, text: 'Detail' },
    ]);
    expect(html).toContain('<h2 class="lb-heading">Why</h2>');
    expect(html).toContain('<h3 class="lb-heading">Detail</h3>');
  });

  it('renders every block type with accessible structure', () => {
    const html = render([
      { id: 'h', type: 'heading', level: 1, text: 'Section' },
      { id: 'c', type: 'callout', tone: 'warning', markdown: 'Mind your back' },
      { id: 'k', type: 'code', language: 'ts', code: 'const a = 1 < 2;' },
      { id: 'i', type: 'image', storageKey: 'k', alt: 'A trolley', url: null },
      { id: 'q', type: 'quiz', questions: [{ id: 'q1', prompt: 'Bend what?', choices: ['Knees', 'Back'] }] },
      { id: 'f', type: 'flashcards', cards: [{ id: 'f1', front: 'TILE', back: 'Task, individual, load, environment' }] },
    ]);
    expect(html).toContain('<h2 class="lb-heading">Section</h2>');
    expect(html).toContain('aria-label="Warning"');
    expect(html).toContain('const a = 1 &lt; 2;');
    expect(html).toContain('Image unavailable: A trolley');
    expect(html).toMatch(/<legend>.*Bend what\?<\/legend>/);
    expect(html).toMatch(/<input type="radio" id="[^"]+"[^>]*>.*<label for=/);
    expect(html).toContain('aria-pressed="false"');
    expect(html).toContain('TILE');
    expect(html).not.toContain('Task, individual');
  });

  it('says so when a lesson is empty', () => {
    expect(render([])).toContain('This lesson has no content yet.');
  });
});

describe('gradeLocally (author preview)', () => {
  it('marks each question and applies the 70 % pass mark', () => {
    const quiz = {
      id: 'q',
      type: 'quiz' as const,
      questions: [
        { id: 'a', prompt: 'A', choices: ['x', 'y'], answerIndex: 0, explanation: 'because' },
        { id: 'b', prompt: 'B', choices: ['x', 'y'], answerIndex: 1, explanation: '' },
      ],
    };
    expect(gradeLocally(quiz, { a: { choiceIndex: 0 }, b: { choiceIndex: 0 } })).toMatchObject({ correct: 1, total: 2, passed: false, passMark: 70 });
    expect(gradeLocally(quiz, { a: { choiceIndex: 0 }, b: { choiceIndex: 1 } }).results[0]).toEqual({
      questionId: 'a',
      kind: 'single',
      choiceIndex: 0,
      correct: true,
      correctIndex: 0,
      explanation: 'because',
    });
  });
});

describe('gradeLocally, every kind', () => {
  const quiz = {
    id: 'k',
    type: 'quiz' as const,
    questions: [
      { id: 'm', kind: 'multiple' as const, prompt: 'M', choices: ['x', 'y', 'z'], answerIndices: [0, 2] },
      { id: 't', kind: 'true-false' as const, prompt: 'T', answer: false },
      { id: 's', kind: 'short-answer' as const, prompt: 'S', match: 'exact' as const, answers: ['Row'], caseSensitive: false },
      { id: 'p', kind: 'short-answer' as const, prompt: 'P', match: 'pattern' as const, answers: ['colou?r'], caseSensitive: true },
    ],
  };

  it('is right only for exactly the right response', () => {
    const right = gradeLocally(quiz, { m: { choiceIndices: [2, 0] }, t: { answer: false }, s: { text: ' row ' }, p: { text: 'color' } });
    expect(right.results.map((r) => r.correct)).toEqual([true, true, true, true]);
    const wrong = gradeLocally(quiz, { m: { choiceIndices: [0] }, t: { answer: true }, s: { text: 'column' }, p: { text: 'Colour' } });
    expect(wrong.results.map((r) => r.correct)).toEqual([false, false, false, false]);
    expect(wrong.results[0]).toMatchObject({ kind: 'multiple', correctIndices: [0, 2] });
  });
});
