import {
  type BlockContext,
  contentBlockHtml,
  detailsFlashcardsHtml,
  escapeHtml,
  questionDataAttributes,
  questionFormControlsHtml,
  xapiInteractionDefinition,
} from '@mirai/export-kit';
import type { Block, QuizQuestion } from '@mirai/sdk-plugin';

/** Block context plus the course language, which names the xAPI interaction texts. */
export interface AuBlockContext extends BlockContext {
  language: string;
}

function questionHtml(question: QuizQuestion, number: number, context: AuBlockContext): string {
  const name = context.id('question');
  const controls = questionFormControlsHtml(question, name, { required: true });
  // The runtime sends an xAPI "answered" statement per question with this activity definition.
  const interaction = escapeHtml(JSON.stringify(xapiInteractionDefinition(question, context.language)));
  return `<fieldset class="quiz-question" ${questionDataAttributes(question)} data-question-id="${escapeHtml(question.id)}" data-interaction="${interaction}">
<legend>${number}. ${escapeHtml(question.prompt)}</legend>
${controls}
<p class="feedback" hidden></p>
<p class="explanation" hidden>${escapeHtml(question.explanation)}</p>
</fieldset>`;
}

/** A quiz the AU scores as a whole; the cmi5 client reports passed or failed once every quiz on the page is submitted. */
function quizHtml(questions: QuizQuestion[], context: AuBlockContext): string {
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
export function blockHtml(block: Block, context: AuBlockContext): string {
  switch (block.type) {
    case 'quiz':
      return quizHtml(block.questions, context);
    case 'flashcards':
      return detailsFlashcardsHtml(block.cards, context);
    default:
      return contentBlockHtml(block, context);
  }
}
