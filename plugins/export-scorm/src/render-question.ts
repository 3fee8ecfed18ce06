import {
  correctResponsePatterns,
  escapeHtml,
  interactionType,
  orderMatchControlsHtml,
  questionDataAttributes,
  questionOptions,
} from '@mirai/export-kit';
import type { QuizQuestion } from '@mirai/sdk-plugin';

/**
 * One question for the SCORM player: its kind's controls, the answer key and what the player
 * writes to cmi.interactions (type and correct responses for each SCORM version).
 */
export function renderQuestion(question: QuizQuestion, number: number, id: string): string {
  const interaction = [
    `data-question-id="${escapeHtml(question.id)}"`,
    `data-interaction-type="${interactionType(question)}"`,
    `data-correct-12="${escapeHtml(JSON.stringify(correctResponsePatterns(question, 'scorm12')))}"`,
    `data-correct-2004="${escapeHtml(JSON.stringify(correctResponsePatterns(question, 'scorm2004')))}"`,
  ].join(' ');
  return [
    `<div class="question" id="${id}" ${questionDataAttributes(question)} ${interaction} role="group" aria-labelledby="${id}-prompt">`,
    `<p class="question-prompt" id="${id}-prompt"><span class="question-number">${number}.</span> ${escapeHtml(question.prompt)}</p>`,
    controls(question, id),
    '<div class="feedback" hidden><p class="verdict" role="status"></p>',
    `<p class="explanation">${escapeHtml(question.explanation)}</p></div>`,
    '</div>',
  ].join('');
}

/** One choice or True/False answers on a click; several answers, typed answers, ordering and matching wait for "Check answer". */
function controls(question: QuizQuestion, id: string): string {
  if (question.kind === 'ordering' || question.kind === 'matching')
    return `${orderMatchControlsHtml(question, id)}<button type="button" class="check-answer">Check answer</button>`;
  if (question.kind === 'short-answer')
    return `<p class="short-answer"><label for="${id}-text">Your answer</label> <input type="text" class="answer-text" id="${id}-text" maxlength="200" autocomplete="off"> <button type="button" class="check-answer">Check answer</button></p>`;
  const multiple = question.kind === 'multiple';
  const options = questionOptions(question)
    .map(
      ({ value, label }) =>
        `<li><button type="button" class="choice"${multiple ? ' aria-pressed="false"' : ''} data-choice="${value}">${escapeHtml(label)}</button></li>`,
    )
    .join('');
  const list = `<ol class="choices"${question.kind === 'true-false' ? '' : ' type="A"'}>${options}</ol>`;
  return multiple
    ? `<p class="choice-hint">Select every answer that applies, then check.</p>${list}<button type="button" class="check-answer">Check answer</button>`
    : list;
}
