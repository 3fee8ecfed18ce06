import { type BlockContext, contentBlockHtml, detailsFlashcardsHtml, escapeHtml } from '@mirai/export-kit';
import type { Block, QuizQuestion } from '@mirai/sdk-plugin';

function questionHtml(question: QuizQuestion, number: number, context: BlockContext): string {
  const name = context.id('question');
  const choices = question.choices
    .map((choice, index) => {
      const id = `${name}-${index}`;
      return `<div class="choice"><input type="radio" id="${id}" name="${name}" value="${index}" required><label for="${id}">${escapeHtml(choice)}</label></div>`;
    })
    .join('\n');
  return `<fieldset class="quiz-question" data-answer="${question.answerIndex}">
<legend>${number}. ${escapeHtml(question.prompt)}</legend>
${choices}
<p class="feedback" hidden></p>
<p class="explanation" hidden>${escapeHtml(question.explanation)}</p>
</fieldset>`;
}

/** A quiz the AU scores as a whole; the cmi5 client reports passed or failed once every quiz on the page is submitted. */
function quizHtml(questions: QuizQuestion[], context: BlockContext): string {
  const heading = context.id('quiz');
  return `<form class="quiz" data-au-quiz aria-labelledby="${heading}">
<h2 id="${heading}">Check your understanding</h2>
${questions.map((question, index) => questionHtml(question, index + 1, context)).join('\n')}
<button type="submit">Submit answers</button>
<p class="quiz-result" role="status"></p>
<button type="button" data-au-retry hidden>Try again</button>
</form>`;
}

/** One lesson block as HTML: the AU's scored quiz form, `<details>` flashcards, the rest as every export renders it. */
export function blockHtml(block: Block, context: BlockContext): string {
  switch (block.type) {
    case 'quiz':
      return quizHtml(block.questions, context);
    case 'flashcards':
      return detailsFlashcardsHtml(block.cards, context);
    default:
      return contentBlockHtml(block, context);
  }
}
