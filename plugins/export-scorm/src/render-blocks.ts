import { attachmentBlockHtml, escapeHtml, type MarkdownOptions, markdownToHtml, mediaBlockHtml } from '@mirai/export-kit';
import type { Block, Flashcard } from '@mirai/sdk-plugin';
import { renderQuestion } from './render-question.ts';

export interface BlockRenderContext {
  /** Added to a heading block's level (and to Markdown `#` levels) to fit under the page's own headings. */
  headingOffset: number;
  /** Path of a stored file (image, recording, captions, attachment) from the page (e.g. `../assets/001-diagram.png`), or null when the asset is missing. */
  imageSrc(storageKey: string): string | null;
  /** Unique, increasing number for ids of interactive elements within one page. */
  nextId(): number;
}

const CALLOUT_LABELS = { info: 'Note', tip: 'Tip', warning: 'Warning' } as const;

/**
 * Markdown goes through export-kit, like every other export, so links follow the one URL policy.
 * In SCORM, links open outside the LMS frame and images show only their alt text (a package
 * must not load anything from the network).
 */
function renderMarkdown(markdown: string, headingOffset: number): string {
  const options: MarkdownOptions = { headingOffset, newWindowLinks: true, imageAltClass: 'md-image-alt', linkImages: false };
  return markdownToHtml(markdown, options);
}

const headingTag = (level: number) => `h${Math.min(Math.max(level, 1), 6)}`;

function renderFlashcard(card: Flashcard): string {
  return [
    '<li><button type="button" class="flashcard" aria-pressed="false">',
    '<span class="flashcard-inner">',
    `<span class="flashcard-face flashcard-front">${escapeHtml(card.front)}</span>`,
    `<span class="flashcard-face flashcard-back" aria-hidden="true">${escapeHtml(card.back)}</span>`,
    '</span></button></li>',
  ].join('');
}

export function renderBlock(block: Block, context: BlockRenderContext): string {
  switch (block.type) {
    case 'heading': {
      const tag = headingTag(block.level + context.headingOffset);
      return `<${tag} class="block heading">${escapeHtml(block.text)}</${tag}>`;
    }
    case 'markdown':
      return `<div class="block markdown">${renderMarkdown(block.markdown, context.headingOffset)}</div>`;
    case 'callout': {
      const label = CALLOUT_LABELS[block.tone] ?? CALLOUT_LABELS.info;
      return `<aside class="block callout callout-${escapeHtml(block.tone)}" aria-label="${label}"><p class="callout-label">${label}</p>${renderMarkdown(block.markdown, context.headingOffset)}</aside>`;
    }
    case 'code': {
      const language = block.language.toLowerCase().replace(/[^a-z0-9+#-]/g, '');
      const label = language === '' ? '' : ` data-language="${language}"`;
      return `<pre class="block code"${label}><code${language === '' ? '' : ` class="language-${language}"`}>${escapeHtml(block.code)}</code></pre>`;
    }
    case 'image': {
      const src = context.imageSrc(block.storageKey);
      const caption = block.caption ? `<figcaption>${escapeHtml(block.caption)}</figcaption>` : '';
      if (src === null) return `<figure class="block image image-missing"><p class="image-alt">${escapeHtml(block.alt)}</p>${caption}</figure>`;
      return `<figure class="block image"><img src="${escapeHtml(src)}" alt="${escapeHtml(block.alt)}">${caption}</figure>`;
    }
    case 'quiz':
      return `<section class="block quiz" aria-label="Quiz">${block.questions.map((question, index) => renderQuestion(question, index + 1, `q-${context.nextId()}`)).join('')}</section>`;
    case 'flashcards':
      return `<section class="block flashcards" aria-label="Flashcards"><p class="flashcards-hint">Select a card to flip it.</p><ul class="flashcard-list">${block.cards.map(renderFlashcard).join('')}</ul></section>`;
    case 'media':
      // A package loads nothing from the network: an embedded video is a link out.
      return `<div class="block media-block">${mediaBlockHtml(block, context.imageSrc, 'link')}</div>`;
    case 'attachment':
      return `<div class="block attachment-block">${attachmentBlockHtml(block, context.imageSrc)}</div>`;
    default:
      // A block type newer than this plugin: leave it out rather than fail the export.
      return '';
  }
}

export function renderBlocks(blocks: Block[], context: BlockRenderContext): string {
  return blocks.map((block) => renderBlock(block, context)).join('\n');
}
