import { type BlockContext, contentBlockHtml, detailsFlashcardsHtml, escapeHtml } from '@mirai/export-kit';
import type { Block } from '@mirai/sdk-plugin';

export interface CartridgeBlockContext extends BlockContext {
  /** The title of the lesson's QTI assessment, which the page points learners to. */
  quizTitle: string;
}

/** One lesson block as web content (quizzes live in the lesson's QTI assessment; flashcards are `<details>`, as cartridge pages have no script). */
export function blockHtml(block: Block, context: CartridgeBlockContext): string {
  switch (block.type) {
    case 'quiz':
      return `<p class="quiz-pointer">Check your understanding in the assessment “${escapeHtml(context.quizTitle)}” (${block.questions.length} ${block.questions.length === 1 ? 'question' : 'questions'}).</p>`;
    case 'flashcards':
      return detailsFlashcardsHtml(block.cards, context);
    default:
      return contentBlockHtml(block, context);
  }
}
