import { type MatchingQuestion, type OrderingQuestion, presentedOrder } from '@mirai/sdk-plugin';
import { escapeHtml } from './markdown-html.ts';

/**
 * Controls for ordering and matching questions in every export: one labelled `<select>` per row,
 * which works with a keyboard, a screen reader and no script. Ordering: each item (shown in
 * `presentedOrder`) gets a position 1..n, `data-item` being its authored index. Matching: each
 * left-hand side gets one of the right-hand sides (listed in `presentedOrder`), the option value
 * being the right-hand side's authored index. The page script builds the response from them in
 * the encoding `data-answer` uses (see question-markup).
 */
export function orderMatchControlsHtml(question: OrderingQuestion | MatchingQuestion, name: string): string {
  const hint = question.kind === 'ordering' ? 'Give each item its place, 1 being first.' : 'Choose the match for each item.';
  const placeholder = '<option value="">Choose…</option>';
  if (question.kind === 'ordering') {
    const places = question.items.map((_, i) => `<option value="${i + 1}">${i + 1}</option>`).join('');
    const rows = presentedOrder(question.id, question.items.length).map((item, row) => {
      const id = `${name}-${row}`;
      return `<li class="order-row"><label for="${id}">${escapeHtml(question.items[item] ?? '')}</label> <select id="${id}" name="${id}" data-item="${item}">${placeholder}${places}</select></li>`;
    });
    return `<p class="choice-hint">${hint}</p>\n<ul class="order-match">${rows.join('')}</ul>`;
  }
  const options = presentedOrder(question.id, question.pairs.length)
    .map((right) => `<option value="${right}">${escapeHtml(question.pairs[right]?.right ?? '')}</option>`)
    .join('');
  const rows = question.pairs.map((pair, row) => {
    const id = `${name}-${row}`;
    return `<li class="match-row"><label for="${id}">${escapeHtml(pair.left)}</label> <select id="${id}" name="${id}">${placeholder}${options}</select></li>`;
  });
  return `<p class="choice-hint">${hint}</p>\n<ul class="order-match">${rows.join('')}</ul>`;
}

/** The key in page-script encoding: authored indexes in order, or for each left its right's index; both "0,1,…". */
export const orderMatchAnswer = (question: OrderingQuestion | MatchingQuestion): string =>
  (question.kind === 'ordering' ? question.items : question.pairs).map((_, i) => i).join(',');

/** The right answer in words, for feedback. */
export const orderMatchAnswerText = (question: OrderingQuestion | MatchingQuestion): string =>
  question.kind === 'ordering' ? question.items.join(' → ') : question.pairs.map((pair) => `${pair.left}: ${pair.right}`).join('; ');
