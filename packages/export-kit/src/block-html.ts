import type { Block, Flashcard } from '@mirai/sdk-plugin';
import type { AssetPaths } from './asset-collector.ts';
import { escapeHtml, markdownToHtml } from './markdown-html.ts';
import { attachmentBlockHtml, type EmbedMode, mediaBlockHtml } from './media-html.ts';

export interface BlockContext {
  /** Where the page finds each image, relative to the page. */
  assets: AssetPaths;
  /** A page-unique element id. */
  id(prefix: string): string;
  /** How YouTube and Vimeo videos show; a link unless the format's pages are served over http. */
  embeds?: EmbedMode;
}

/** The blocks every export renders alike; quizzes and flashcards are each format's own. */
export type ContentBlock = Exclude<Block, { type: 'quiz' | 'flashcards' }>;

const CALLOUT_LABELS = { info: 'Note', tip: 'Tip', warning: 'Warning' } as const;

function imageHtml(block: Extract<Block, { type: 'image' }>, assets: AssetPaths): string {
  const path = assets.get(block.storageKey) ?? null;
  const caption = block.caption ? `\n<figcaption>${escapeHtml(block.caption)}</figcaption>` : '';
  const picture =
    path === null ? `<p class="image-missing">${escapeHtml(block.alt)}</p>` : `<img src="${escapeHtml(path)}" alt="${escapeHtml(block.alt)}">`;
  return `<figure class="image">${picture}${caption}</figure>`;
}

/** A heading, Markdown, callout, code, image, media, attachment or external-tool block as HTML; every author-supplied string is escaped or rendered from Markdown. */
export function contentBlockHtml(block: ContentBlock, context: Pick<BlockContext, 'assets' | 'embeds'>): string {
  switch (block.type) {
    case 'heading': {
      const level = block.level + 1;
      return `<h${level}>${escapeHtml(block.text)}</h${level}>`;
    }
    case 'markdown':
      return `<div class="prose">${markdownToHtml(block.markdown)}</div>`;
    case 'callout':
      return `<div class="callout callout-${block.tone}" role="note">
<p class="callout-label">${CALLOUT_LABELS[block.tone]}</p>
${markdownToHtml(block.markdown)}</div>`;
    case 'code': {
      const languageClass = block.language.replace(/[^\w+-]/g, '');
      return `<figure class="code">
<figcaption>${escapeHtml(block.language)}</figcaption>
<pre tabindex="0"><code class="language-${languageClass}">${escapeHtml(block.code)}</code></pre>
</figure>`;
    }
    case 'image':
      return imageHtml(block, context.assets);
    case 'media':
      return mediaBlockHtml(block, (key) => context.assets.get(key) ?? null, context.embeds ?? 'link');
    case 'attachment':
      return attachmentBlockHtml(block, (key) => context.assets.get(key) ?? null);
    case 'external-tool':
      // An exported package has no LTI platform to launch the tool from: it names the activity.
      return `<aside class="callout callout-info" role="note"><p class="callout-label">External activity</p><p>${escapeHtml(block.title)} (launched from the LMS)</p></aside>`;
  }
}

function flashcardDetailsHtml(card: Flashcard): string {
  return `<li><details class="flashcard"><summary>${escapeHtml(card.front)}</summary><p>${escapeHtml(card.back)}</p></details></li>`;
}

/** Flashcards as `<details>` disclosures, which turn over without any script. */
export function detailsFlashcardsHtml(cards: Flashcard[], context: Pick<BlockContext, 'id'>): string {
  const heading = context.id('flashcards');
  return `<section class="flashcards" aria-labelledby="${heading}">
<h2 id="${heading}">Flashcards</h2>
<ul class="cards">
${cards.map(flashcardDetailsHtml).join('\n')}
</ul>
</section>`;
}
