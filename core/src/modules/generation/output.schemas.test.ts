import type { LessonActivitiesDraft } from '@mirai/sdk-plugin';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { activityBlocks } from './markdown-to-blocks.ts';
import { activitiesSchema } from './output.schemas.ts';

const explanation = 'As the lesson says.';
const varied: LessonActivitiesDraft = {
  quiz: [
    { prompt: 'One?', choices: ['a', 'b', 'c'], answerIndex: 1, explanation },
    { kind: 'multiple', prompt: 'Several?', choices: ['a', 'b', 'c'], answerIndices: [0, 2], explanation },
    { kind: 'true-false', prompt: 'Lift with your back.', answer: false, explanation },
    { kind: 'ordering', prompt: 'Order?', items: ['Plan', 'Grip', 'Lift'], explanation },
    {
      kind: 'matching',
      prompt: 'Match?',
      pairs: [
        { left: 'T', right: 'Task' },
        { left: 'I', right: 'Individual' },
        { left: 'L', right: 'Load' },
      ],
      explanation,
    },
  ],
  flashcards: [],
};

describe('the lesson activities schema sent to models', () => {
  const check = new Ajv({ strict: false }).compile(activitiesSchema(5, 4));

  it('takes every generated kind, single choice without a kind as before', () => {
    expect(check(varied), JSON.stringify(check.errors)).toBe(true);
  });

  it('refuses a kind with the fields of another, or an ordering of one item', () => {
    expect(check({ quiz: [{ kind: 'ordering', prompt: 'P', choices: ['a', 'b'], answerIndex: 0, explanation }], flashcards: [] })).toBe(false);
    expect(check({ quiz: [{ kind: 'ordering', prompt: 'P', items: ['a'], explanation }], flashcards: [] })).toBe(false);
  });
});

describe('activityBlocks with generated kinds', () => {
  it('keeps every valid question with an id and leaves out one whose meaning is wrong', () => {
    const pairs = [
      { left: 'a', right: 'x' },
      { left: 'b', right: 'x' },
    ];
    const [quiz] = activityBlocks({ quiz: [...varied.quiz, { kind: 'matching', prompt: 'Twice?', pairs, explanation }], flashcards: [] }, 'p');
    if (quiz?.type !== 'quiz') throw new Error('a quiz block expected');
    expect(quiz.questions.map((q) => [q.id, q.kind ?? 'single'])).toEqual([
      ['p-q1', 'single'],
      ['p-q2', 'multiple'],
      ['p-q3', 'true-false'],
      ['p-q4', 'ordering'],
      ['p-q5', 'matching'],
    ]);
  });
});
