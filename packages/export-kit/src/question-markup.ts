import type { QuizQuestion } from '@mirai/sdk-plugin';
import { escapeHtml } from './markdown-html.ts';
import { orderMatchAnswer, orderMatchAnswerText, orderMatchControlsHtml } from './order-match-markup.ts';

/**
 * How every export's page script meets a question: `data-kind`, and the right response in the
 * encoding the script builds from the learner's controls. Choice values are indexes ("2"; several
 * answers "0,2" ascending), true/false is "true" or "false", a short answer is the typed text,
 * checked against `data-accepted` (JSON list, exact) or `data-pattern` (a pattern core has
 * already judged safe), with `data-case-sensitive`; ordering is the authored item indexes in the
 * learner's order and matching, for each left-hand side, the authored index of its chosen right
 * (both "0,1,2" when right); `data-right-answer` is the answer in words.
 */
export function questionDataAttributes(question: QuizQuestion): string {
  return `${keyAttributes(question)} data-right-answer="${escapeHtml(rightAnswerText(question))}"`;
}

function keyAttributes(question: QuizQuestion): string {
  switch (question.kind) {
    case undefined:
    case 'single':
      return `data-kind="single" data-answer="${question.answerIndex}"`;
    case 'multiple':
      return `data-kind="multiple" data-answer="${[...question.answerIndices].sort((a, b) => a - b).join(',')}"`;
    case 'true-false':
      return `data-kind="true-false" data-answer="${question.answer}"`;
    case 'short-answer': {
      const key =
        question.match === 'pattern'
          ? `data-pattern="${escapeHtml(question.answers[0] ?? '')}"`
          : `data-accepted="${escapeHtml(JSON.stringify(question.answers))}"`;
      return `data-kind="short-answer" ${key} data-case-sensitive="${question.caseSensitive}"`;
    }
    case 'ordering':
    case 'matching':
      return `data-kind="${question.kind}" data-answer="${orderMatchAnswer(question)}"`;
  }
}

/** The options a learner picks from: choices by index, or True and False; none for a short answer. */
export function questionOptions(question: QuizQuestion): { value: string; label: string }[] {
  switch (question.kind) {
    case undefined:
    case 'single':
    case 'multiple':
      return question.choices.map((label, index) => ({ value: String(index), label }));
    case 'true-false':
      return [
        { value: 'true', label: 'True' },
        { value: 'false', label: 'False' },
      ];
    case 'short-answer':
    case 'ordering':
    case 'matching':
      return [];
  }
}

/** The right answer in words, for feedback after a wrong answer (a pattern is not shown). */
export function rightAnswerText(question: QuizQuestion): string {
  switch (question.kind) {
    case undefined:
    case 'single':
      return question.choices[question.answerIndex] ?? '';
    case 'multiple':
      return question.answerIndices.map((index) => question.choices[index] ?? '').join('; ');
    case 'true-false':
      return question.answer ? 'True' : 'False';
    case 'short-answer':
      return question.match === 'exact' ? (question.answers[0] ?? '') : '';
    case 'ordering':
    case 'matching':
      return orderMatchAnswerText(question);
  }
}

/**
 * Form controls for a question, named `name`: radio buttons (one choice, true/false), checkboxes
 * (several answers), a text field (short answer) or selects (ordering, matching), each labelled.
 */
export function questionFormControlsHtml(question: QuizQuestion, name: string, options: { required?: boolean } = {}): string {
  const required = options.required === true ? ' required' : '';
  if (question.kind === 'short-answer')
    return `<div class="short-answer"><label for="${name}-text">Your answer</label> <input type="text" id="${name}-text" name="${name}" maxlength="200" autocomplete="off"${required}></div>`;
  if (question.kind === 'ordering' || question.kind === 'matching') return orderMatchControlsHtml(question, name);
  const type = question.kind === 'multiple' ? 'checkbox' : 'radio';
  const hint = question.kind === 'multiple' ? '<p class="choice-hint">Select every answer that applies.</p>\n' : '';
  return (
    hint +
    questionOptions(question)
      .map(({ value, label }) => {
        const id = `${name}-${value}`;
        const radioRequired = type === 'radio' ? required : '';
        return `<div class="choice"><input type="${type}" id="${id}" name="${name}" value="${value}"${radioRequired}><label for="${id}">${escapeHtml(label)}</label></div>`;
      })
      .join('\n')
  );
}
