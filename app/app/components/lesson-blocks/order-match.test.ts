import { describe, expect, it } from 'vitest';
import { shownMatching, shownOrdering } from './order-match';
import { gradeLocally, type QuizBlock } from './types';

const block: QuizBlock = {
  id: 'quiz',
  type: 'quiz',
  questions: [
    { id: 'steps', kind: 'ordering', prompt: 'Order?', items: ['Plan', 'Grip', 'Lift'], explanation: 'Plan, grip, lift.' },
    {
      id: 'pairs',
      kind: 'matching',
      prompt: 'Match?',
      pairs: [
        { left: 'T', right: 'Task' },
        { left: 'L', right: 'Load' },
      ],
      explanation: '',
    },
  ],
};
const [ordering, matching] = block.questions;
if (ordering === undefined || matching === undefined) throw new Error('two questions expected');

describe('ordering and matching in the author preview', () => {
  it('never shows the answer order, and knows the right response in shown positions', () => {
    expect(shownOrdering(ordering).items).toEqual(['Lift', 'Grip', 'Plan']);
    expect(shownMatching(matching)).toMatchObject({ sources: ['T', 'L'], targets: ['Load', 'Task'] });
  });

  it('grades the arrangement and matches the learner makes', () => {
    const right = gradeLocally(block, { steps: { order: [2, 1, 0] }, pairs: { matches: [1, 0] } });
    expect(right.results.map((r) => r.correct)).toEqual([true, true]);
    const wrong = gradeLocally(block, { steps: { order: [0, 1, 2] }, pairs: { matches: [0, 1] } });
    expect(wrong.results.map((r) => r.correct)).toEqual([false, false]);
    expect(wrong.results[0]?.correctOrder).toEqual([2, 1, 0]);
  });

  it('takes learner questions as the API shuffled them, without a key', () => {
    const learner = { id: 'steps', kind: 'ordering' as const, prompt: 'Order?', items: ['Grip', 'Lift', 'Plan'] };
    expect(shownOrdering(learner)).toEqual({ items: ['Grip', 'Lift', 'Plan'] });
  });
});
