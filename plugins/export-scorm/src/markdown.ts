import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './escape.ts';

const SAFE_LINK = /^(?:https?:|mailto:)/i;

/**
 * A Markdown renderer for authored, untrusted text: raw HTML is shown as text, only http(s) and
 * mailto links survive (opening outside the LMS frame), and Markdown images become their alt
 * text because a package must not load anything from the network.
 */
function createRenderer(headingOffset: number): Marked {
  return new Marked({
    async: false,
    gfm: true,
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(text);
      },
      heading({ tokens, depth }: Tokens.Heading): string {
        const level = Math.min(depth + headingOffset, 6);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      link({ href, title, tokens }: Tokens.Link): string {
        const label = this.parser.parseInline(tokens);
        if (!SAFE_LINK.test(href.trim())) return label;
        const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(href.trim())}"${titleAttribute} target="_blank" rel="noopener noreferrer">${label}</a>`;
      },
      image({ text }: Tokens.Image): string {
        return `<span class="md-image-alt">${escapeHtml(text)}</span>`;
      },
    },
  });
}

const renderers = new Map<number, Marked>();

/** Renders Markdown to safe HTML; `headingOffset` pushes `#` headings below the page's own headings. */
export function renderMarkdown(markdown: string, headingOffset: number): string {
  let renderer = renderers.get(headingOffset);
  if (renderer === undefined) {
    renderer = createRenderer(headingOffset);
    renderers.set(headingOffset, renderer);
  }
  return renderer.parse(markdown, { async: false });
}
