import { describe, expect, it } from 'vitest';
import { htmlText } from './html-text.ts';

describe('htmlText', () => {
  it('keeps headings as Markdown headings and paragraphs apart, dropping scripts, styles and navigation', () => {
    const page = `<!doctype html><html><head><title>Ladders &amp; steps</title><style>p{color:red}</style></head>
      <body><nav><a href="/">Home</a></nav><h1>Using a <em>leaning</em> ladder</h1><p>Face the ladder.</p><p>Keep three points&nbsp;of contact.<br>Always.</p>
      <script>document.write("tracking")</script><footer>© Site</footer></body></html>`;
    expect(htmlText(page)).toEqual({
      title: 'Ladders & steps',
      text: '# Using a leaning ladder\n\nFace the ladder.\n\nKeep three points of contact.\nAlways.',
    });
  });

  it('decodes numeric character references and reads a fragment without a body', () => {
    expect(htmlText('<p>Caf&#233; &#x2014; open</p>').text).toBe('Café — open');
    expect(htmlText('<p>x</p>').title).toBeNull();
  });
});
