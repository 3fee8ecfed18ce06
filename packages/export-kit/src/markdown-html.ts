import { Marked, type Tokens } from 'marked';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Links may go to the web, e-mail or a relative page; `javascript:`, `data:` and the like become plain text. */
function safeHref(href: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  if (scheme === null) return href;
  return ['http', 'https', 'mailto'].includes((scheme[1] ?? '').toLowerCase()) ? href : null;
}

/** Exported packages never load remote files, so a Markdown image becomes its alt text (linked when it has a web address). */
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text, block }: Tokens.HTML | Tokens.Tag) => (block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text)),
    heading({ tokens, depth }: Tokens.Heading) {
      // The lesson title is the page's only h1; content headings start at h2.
      const level = Math.min(depth + 1, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    link({ href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const target = safeHref(href);
      if (target === null) return text;
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(target)}"${titleAttribute}>${text}</a>`;
    },
    image({ href, text }: Tokens.Image) {
      const label = `<span class="image-alt">${escapeHtml(text || 'Image')}</span>`;
      const target = safeHref(href);
      return target === null ? label : `<a href="${escapeHtml(target)}">${label}</a>`;
    },
  },
});

/** Markdown to HTML with raw HTML shown as text, never interpreted. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
