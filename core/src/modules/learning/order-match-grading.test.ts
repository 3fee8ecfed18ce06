import type { Block, QuizQuestion } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { gradeQuiz, learnerBlocks } from './grading.ts';

const ordering: QuizQuestion = {
  id: 'q-steps',
  kind: 'ordering',
  prompt: 'Put the steps of a hand wash in order',
  items: ['Wet hands', 'Apply soap', 'Scrub for 20 seconds', 'Rinse', 'Dry'],
  explanation: 'Soap needs water first; drying comes last.',
};
const matching: QuizQuestion = {
  id: 'q-pairs',
  kind: 'matching',
  prompt: 'Match each organelle with its job',
  pairs: [
    { left: 'Mitochondrion', right: 'Releases energy' },
    { left: 'Ribosome', right: 'Builds proteins' },
    { left: 'Nucleus', right: 'Holds the DNA' },
  ],
  explanation: '',
};
const block = { id: 'b1', type: 'quiz' as const, questions: [ordering, matching] };

/** What a learner receives, as the browser would render it. */
function shown() {
  const [view] = learnerBlocks([block] satisfies Block[], () => null);
  if (view?.type !== 'quiz') throw new Error('quiz expected');
  const [steps, pairs] = view.questions;
  if (steps === undefined || pairs === undefined) throw new Error('two questions expected');
  return { steps, pairs };
}

describe('ordering and matching, as learners see and answer them', () => {
  it('shows items shuffled and matching targets shuffled, never in the answer order', () => {
    const { steps, pairs } = shown();
    expect(steps.kind).toBe('ordering');
    expect([...(steps.items ?? [])].sort()).toEqual([...ordering.items].sort());
    expect(steps.items).not.toEqual(ordering.items);
    expect(pairs.sources).toEqual(['Mitochondrion', 'Ribosome', 'Nucleus']);
    expect(pairs.targets).not.toEqual(['Releases energy', 'Builds proteins', 'Holds the DNA']);
    expect(JSON.stringify([steps, pairs])).not.toContain('explanation');
  });

  it('grades the right arrangement and matches as correct, a swap as wrong', () => {
    const { steps, pairs } = shown();
    const items = steps.items ?? [];
    const targets = pairs.targets ?? [];
    const order = ordering.items.map((text) => items.indexOf(text));
    const matches = ['Releases energy', 'Builds proteins', 'Holds the DNA'].map((text) => targets.indexOf(text));
    const right = gradeQuiz(block, [
      { questionId: 'q-steps', order },
      { questionId: 'q-pairs', matches },
    ]);
    expect(right.correct).toBe(2);
    expect(right.results[0]).toMatchObject({ kind: 'ordering', correct: true, order, correctOrder: order });
    expect(right.results[1]).toMatchObject({ kind: 'matching', correct: true, matches, correctMatches: matches });

    const swapped = [order[1] ?? 0, order[0] ?? 0, ...order.slice(2)];
    const wrongMatches = [matches[2] ?? 0, matches[1] ?? 0, matches[0] ?? 0];
    const wrong = gradeQuiz(block, [
      { questionId: 'q-steps', order: swapped },
      { questionId: 'q-pairs', matches: wrongMatches },
    ]);
    expect(wrong.results.map((r) => r.correct)).toEqual([false, false]);
    expect(wrong.results[0]?.correctOrder).toEqual(order);
  });

  it('names the field of a response that does not fit', () => {
    const answer = (extra: Record<string, unknown>) => [
      { questionId: 'q-steps', ...extra },
      { questionId: 'q-pairs', matches: [0, 1, 2] },
    ];
    expect(() => gradeQuiz(block, answer({}))).toThrow('/body/answers/0/order is required for an ordering question');
    expect(() => gradeQuiz(block, answer({ order: [0, 1] }))).toThrow('/body/answers/0/order must hold 5 positions');
    expect(() => gradeQuiz(block, answer({ order: [0, 1, 2, 3, 3] }))).toThrow('/body/answers/0/order must not use an entry twice');
    expect(() => gradeQuiz(block, answer({ order: [0, 1, 2, 3, 9] }))).toThrow('/body/answers/0/order/4 must point at one of the shown entries');
    expect(() => gradeQuiz(block, [{ questionId: 'q-steps', order: [0, 1, 2, 3, 4] }, { questionId: 'q-pairs' }])).toThrow(
      '/body/answers/1/matches is required for a matching question',
    );
  });
});
