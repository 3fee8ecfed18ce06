import type { Block, Flashcard } from '@mirai/sdk-plugin';
import type { AssetPaths } from './asset-collector.ts';
import { escapeHtml, markdownToHtml } from './markdown-html.ts';

export interface BlockContext {
  /** Where the page finds each image, relative to the page. */
  assets: AssetPaths;
  /** The title of the lesson's QTI assessment, which the page points learners to. */
  quizTitle: string;
  /** A page-unique element id. */
  id(prefix: string): string;
}

const CALLOUT_LABELS = { info: 'Note', tip: 'Tip', warning: 'Warning' } as const;

function flashcardHtml(card: Flashcard): string {
  return `<li><details class="flashcard"><summary>${escapeHtml(card.front)}</summary><p>${escapeHtml(card.back)}</p></details></li>`;
}

function flashcardsHtml(cards: Flashcard[], context: BlockContext): string {
  const heading = context.id('flashcards');
  return `<section class="flashcards" aria-labelledby="${heading}">
<h2 id="${heading}">Flashcards</h2>
<ul class="cards">
${cards.map(flashcardHtml).join('\n')}
</ul>
</section>`;
}

function imageHtml(block: Extract<Block, { type: 'image' }>, context: BlockContext): string {
  const path = context.assets.get(block.storageKey) ?? null;
  const caption = block.caption ? `\n<figcaption>${escapeHtml(block.caption)}</figcaption>` : '';
  const picture =
    path === null ? `<p class="image-missing">${escapeHtml(block.alt)}</p>` : `<img src="${escapeHtml(path)}" alt="${escapeHtml(block.alt)}">`;
  return `<figure class="image">${picture}${caption}</figure>`;
}

/** One lesson block as web content (quizzes live in the lesson's QTI assessment); author text is escaped or rendered from Markdown. */
export function blockHtml(block: Block, context: BlockContext): string {
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
      return imageHtml(block, context);
    case 'quiz':
      return `<p class="quiz-pointer">Check your understanding in the assessment “${escapeHtml(context.quizTitle)}” (${block.questions.length} ${block.questions.length === 1 ? 'question' : 'questions'}).</p>`;
    case 'flashcards':
      return flashcardsHtml(block.cards, context);
  }
}
