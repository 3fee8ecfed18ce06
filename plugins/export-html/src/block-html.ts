import type { Block, Flashcard, QuizQuestion } from '@mirai/sdk-plugin';
import type { AssetPaths } from './asset-collector.ts';
import { escapeHtml, markdownToHtml } from './markdown-html.ts';

export interface BlockContext {
  assets: AssetPaths;
  /** A page-unique element id. */
  id(prefix: string): string;
}

const CALLOUT_LABELS = { info: 'Note', tip: 'Tip', warning: 'Warning' } as const;

function quizQuestionHtml(question: QuizQuestion, number: number, context: BlockContext): string {
  const name = context.id('question');
  const choices = question.choices
    .map((choice, index) => {
      const id = `${name}-${index}`;
      return `<div class="choice"><input type="radio" id="${id}" name="${name}" value="${index}"><label for="${id}">${escapeHtml(choice)}</label></div>`;
    })
    .join('\n');
  return `<form class="quiz-question" data-answer="${question.answerIndex}">
<fieldset>
<legend>${number}. ${escapeHtml(question.prompt)}</legend>
${choices}
</fieldset>
<button type="submit">Check answer</button>
<p class="feedback" aria-live="polite"></p>
<p class="explanation" hidden>${escapeHtml(question.explanation)}</p>
</form>`;
}

function quizHtml(questions: QuizQuestion[], context: BlockContext): string {
  const heading = context.id('quiz');
  return `<section class="quiz" aria-labelledby="${heading}">
<h2 id="${heading}">Check your understanding</h2>
${questions.map((question, index) => quizQuestionHtml(question, index + 1, context)).join('\n')}
</section>`;
}

function flashcardHtml(card: Flashcard): string {
  return `<li><button type="button" class="flashcard" aria-pressed="false">
<span class="card-face card-front"><span class="card-side">Front</span> ${escapeHtml(card.front)}</span>
<span class="card-face card-back"><span class="card-side">Back</span> ${escapeHtml(card.back)}</span>
</button></li>`;
}

function flashcardsHtml(cards: Flashcard[], context: BlockContext): string {
  const heading = context.id('flashcards');
  return `<section class="flashcards" aria-labelledby="${heading}">
<h2 id="${heading}">Flashcards</h2>
<p class="hint">Select a card to turn it over.</p>
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

/** One lesson block as HTML; every author-supplied string is escaped or rendered from Markdown. */
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
      return quizHtml(block.questions, context);
    case 'flashcards':
      return flashcardsHtml(block.cards, context);
  }
}
