import { type BlockContext, contentBlockHtml, escapeHtml, questionDataAttributes, questionFormControlsHtml } from '@mirai/export-kit';
import type { Block, Flashcard, QuizQuestion } from '@mirai/sdk-plugin';

function quizQuestionHtml(question: QuizQuestion, number: number, context: BlockContext): string {
  const name = context.id('question');
  const controls = questionFormControlsHtml(question, name);
  return `<form class="quiz-question" ${questionDataAttributes(question)}>
<fieldset>
<legend>${number}. ${escapeHtml(question.prompt)}</legend>
${controls}
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

/** One lesson block as HTML: self-checking quizzes and flip cards (driven by the inlined site script), the rest as every export renders it. */
export function blockHtml(block: Block, context: BlockContext): string {
  switch (block.type) {
    case 'quiz':
      return quizHtml(block.questions, context);
    case 'flashcards':
      return flashcardsHtml(block.cards, context);
    default:
      return contentBlockHtml(block, context);
  }
}
