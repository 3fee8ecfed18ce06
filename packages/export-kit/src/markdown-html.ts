import { safeUrl } from '@mirai/url-policy';
import { Marked, type Tokens } from 'marked';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Characters XML 1.0 forbids even when escaped, and HTML treats as errors: C0 controls except tab,
// LF and CR, lone surrogates, U+FFFE and U+FFFF. One of them in a title makes a manifest invalid.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and double- or single-quoted attributes, in HTML and in XML (manifests). */
export function escapeHtml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** How one export format wants its Markdown; every format shares the same link and raw-HTML rules. */
export interface MarkdownOptions {
  /** Added to a `#` heading's depth (default 1: the lesson title is the page's only h1). */
  headingOffset?: number;
  /** Links open in a new window (SCORM: outside the LMS frame). */
  newWindowLinks?: boolean;
  /** The class of the span an image's alt text is shown in (default `image-alt`). */
  imageAltClass?: string;
  /** An image with a web address becomes a link to it (default true); otherwise only its alt text shows. */
  linkImages?: boolean;
}

/**
 * Every link, reference-style link, autolink and image destination goes through the shared URL
 * policy (`@mirai/url-policy`); what it refuses is rendered without an href. Exported packages never
 * load remote files, so a Markdown image becomes its alt text.
 */
function createMarked(options: Required<MarkdownOptions>): Marked {
  const linkTarget = options.newWindowLinks ? ' target="_blank" rel="noopener noreferrer"' : '';
  return new Marked({
    gfm: true,
    renderer: {
      html: ({ text, block }: Tokens.HTML | Tokens.Tag) => (block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text)),
      heading({ tokens, depth }: Tokens.Heading) {
        const level = Math.min(depth + options.headingOffset, 6);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      link({ href, title, tokens }: Tokens.Link) {
        const text = this.parser.parseInline(tokens);
        const target = safeUrl(href);
        if (target === null) return text;
        const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(target)}"${titleAttribute}${linkTarget}>${text}</a>`;
      },
      image({ href, text }: Tokens.Image) {
        const label = `<span class="${escapeHtml(options.imageAltClass)}">${escapeHtml(text || 'Image')}</span>`;
        const target = options.linkImages ? safeUrl(href) : null;
        return target === null ? label : `<a href="${escapeHtml(target)}"${linkTarget}>${label}</a>`;
      },
    },
  });
}

const DEFAULTS: Required<MarkdownOptions> = { headingOffset: 1, newWindowLinks: false, imageAltClass: 'image-alt', linkImages: true };
const renderers = new Map<string, Marked>();

/** Markdown to HTML with raw HTML shown as text, never interpreted, and only policy-approved links. */
export function markdownToHtml(markdown: string, options: MarkdownOptions = {}): string {
  const settled: Required<MarkdownOptions> = { ...DEFAULTS, ...options };
  const key = JSON.stringify(settled);
  let renderer = renderers.get(key);
  if (renderer === undefined) {
    renderer = createMarked(settled);
    renderers.set(key, renderer);
  }
  return renderer.parse(markdown, { async: false });
}
