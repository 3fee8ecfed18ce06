import type { ShortAnswerQuestion } from './extension-points/course-document.ts';

export const MAX_ANSWER_PATTERN_LENGTH = 200;
/** Learners' typed answers are cut to this length before matching, which bounds a pattern's work. */
export const MAX_SHORT_ANSWER_LENGTH = 200;
/** Most backtracking steps a pattern may need in the worst case, estimated as below. */
const MAX_PATTERN_COST = 1_000_000;

const QUANTIFIER = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/;

/**
 * Why an author's answer pattern is refused, or null when it is safe to run. JavaScript regular
 * expressions backtrack, so a pattern like `(a+)+$` can take exponential time: patterns are
 * limited in length, may not use backreferences or lookaround, may not repeat a group (the
 * source of nested quantifiers; an optional group `(…)?` is fine), and the product of what each quantifier and alternative can
 * multiply the work by, with answers of MAX_SHORT_ANSWER_LENGTH, must stay under a million.
 */
export function answerPatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_ANSWER_PATTERN_LENGTH) return `must be at most ${MAX_ANSWER_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  let cost = 1;
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return 'must not use backreferences';
      i += 2;
    } else if (char === '[') {
      i = classEnd(pattern, i + 1);
    } else if (char === '(' && pattern[i + 1] === '?' && /^\(\?<?[=!]/.test(pattern.slice(i))) {
      return 'must not use lookahead or lookbehind';
    } else if (char === '|') {
      cost *= 2;
      i += 1;
    } else {
      const quantifier = QUANTIFIER.exec(pattern.slice(i));
      if (quantifier !== null && i > 0 && pattern[i - 1] !== '(') {
        // An optional group runs at most once; repeating one (`(a+)+`) is what backtracks exponentially.
        if (pattern[i - 1] === ')' && !/^\?\??$/.test(quantifier[0])) return 'must not repeat a group (write the alternatives out instead)';
        cost *= quantifierCost(quantifier);
        i += quantifier[0].length;
      } else i += 1;
    }
    if (cost > MAX_PATTERN_COST) return 'is too complex (too many repetitions or alternatives)';
  }
  return null;
}

function classEnd(pattern: string, from: number): number {
  let i = from;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

function quantifierCost(quantifier: RegExpExecArray): number {
  const [text, min, range, max] = quantifier;
  if (min === undefined) return text.startsWith('?') ? 2 : MAX_SHORT_ANSWER_LENGTH + 1;
  if (range === undefined) return 1;
  if (max === undefined || max === '') return MAX_SHORT_ANSWER_LENGTH + 1;
  return Math.max(1, Math.min(Number(max), MAX_SHORT_ANSWER_LENGTH) - Number(min) + 1);
}

/** The learner's answer as it is compared: trimmed, inner whitespace collapsed, cut to the maximum length. */
export function normaliseShortAnswer(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, MAX_SHORT_ANSWER_LENGTH);
}

/** Whether a typed answer is right; a pattern must match the whole answer. */
export function shortAnswerMatches(question: Pick<ShortAnswerQuestion, 'match' | 'answers' | 'caseSensitive'>, text: string): boolean {
  const answer = normaliseShortAnswer(text);
  if (question.match === 'pattern') {
    const pattern = question.answers[0] ?? '';
    if (answerPatternProblem(pattern) !== null) return false;
    return new RegExp(`^(?:${pattern})$`, question.caseSensitive ? 'u' : 'iu').test(answer);
  }
  const fold = (value: string) => (question.caseSensitive ? value : value.toLocaleLowerCase());
  return question.answers.some((accepted) => fold(normaliseShortAnswer(accepted)) === fold(answer));
}
