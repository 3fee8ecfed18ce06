import type { QuizQuestion } from './types';

/*
 * Ordering and matching as shown. Learners get them from the API already shuffled (`items`,
 * `sources`/`targets`). An author's preview has the key (`explanation` is only sent to authors):
 * it shows the authored order reversed, which is never the answer, and knows the right response.
 */

const carriesKey = (question: QuizQuestion) => question.explanation !== undefined;

/** The items in the order shown and, in preview, the right arrangement as shown positions. */
export function shownOrdering(question: QuizQuestion): { items: string[]; correctOrder?: number[] } {
  const items = question.items ?? [];
  if (!carriesKey(question)) return { items };
  const last = items.length - 1;
  return { items: [...items].reverse(), correctOrder: items.map((_, k) => last - k) };
}

/** The left-hand sides, the right-hand sides as shown and, in preview, each left's right as a shown position. */
export function shownMatching(question: QuizQuestion): { sources: string[]; targets: string[]; correctMatches?: number[] } {
  if (!carriesKey(question)) return { sources: question.sources ?? [], targets: question.targets ?? [] };
  const pairs = question.pairs ?? [];
  const last = pairs.length - 1;
  return {
    sources: pairs.map((pair) => pair.left),
    targets: [...pairs].reverse().map((pair) => pair.right),
    correctMatches: pairs.map((_, i) => last - i),
  };
}
