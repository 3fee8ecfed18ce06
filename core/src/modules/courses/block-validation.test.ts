import { describe, expect, it } from 'vitest';
import { blockErrors } from './block-validation.ts';

const quiz = (question: Record<string, unknown>) => [
  { id: 'b1', type: 'quiz', questions: [{ id: 'q1', prompt: 'P?', explanation: '', ...question }] },
];

describe('blockErrors for question kinds', () => {
  it('accepts each kind, and single-choice questions without a kind', () => {
    const blocks = [
      {
        id: 'b1',
        type: 'quiz',
        questions: [
          { id: 'q1', prompt: 'One?', choices: ['a', 'b'], answerIndex: 1, explanation: '' },
          { id: 'q2', kind: 'multiple', prompt: 'Several?', choices: ['a', 'b', 'c'], answerIndices: [0, 2], explanation: '' },
          { id: 'q3', kind: 'true-false', prompt: 'True?', answer: false, explanation: '' },
          { id: 'q4', kind: 'short-answer', prompt: 'Word?', match: 'exact', answers: ['cell'], caseSensitive: false, explanation: '' },
          { id: 'q5', kind: 'short-answer', prompt: 'Spelling?', match: 'pattern', answers: ['colou?r'], caseSensitive: false, explanation: '' },
          { id: 'q6', kind: 'ordering', prompt: 'Order?', items: ['first', 'second', 'third'], explanation: '' },
          {
            id: 'q7',
            kind: 'matching',
            prompt: 'Match?',
            pairs: [
              { left: 'H2O', right: 'water' },
              { left: 'NaCl', right: 'salt' },
            ],
            explanation: '',
          },
        ],
      },
    ];
    expect(blockErrors(blocks)).toEqual([]);
  });

  it('names the field of the declared kind only', () => {
    expect(blockErrors(quiz({ kind: 'multiple', choices: ['a', 'b'], answerIndices: [] }))).toEqual([
      { field: '/body/blocks/0/questions/0/answerIndices', message: 'must NOT have fewer than 1 items' },
    ]);
    expect(blockErrors(quiz({ kind: 'true-false', answer: 'yes' }))).toEqual([
      { field: '/body/blocks/0/questions/0/answer', message: 'must be boolean' },
    ]);
  });

  it('refuses answers outside the choices', () => {
    expect(blockErrors(quiz({ kind: 'multiple', choices: ['a', 'b'], answerIndices: [0, 5] }))).toEqual([
      { field: '/body/blocks/0/questions/0/answerIndices/1', message: 'must point at one of the choices' },
    ]);
  });

  it('refuses unsafe or several patterns', () => {
    const shortAnswer = { kind: 'short-answer', match: 'pattern', caseSensitive: false };
    expect(blockErrors(quiz({ ...shortAnswer, answers: ['(a+)+$'] }))).toEqual([
      { field: '/body/blocks/0/questions/0/answers/0', message: 'must not repeat a group (write the alternatives out instead)' },
    ]);
    expect(blockErrors(quiz({ ...shortAnswer, answers: ['a', 'b'] }))).toEqual([
      { field: '/body/blocks/0/questions/0/answers', message: 'must hold exactly one pattern' },
    ]);
  });

  it('refuses ordering items that repeat and matching sides that repeat', () => {
    expect(blockErrors(quiz({ kind: 'ordering', items: ['a', 'a'] }))).toEqual([
      { field: '/body/blocks/0/questions/0/items', message: 'must NOT have duplicate items (items ## 1 and 0 are identical)' },
    ]);
    const pairs = [
      { left: 'a', right: 'x' },
      { left: 'b', right: 'x' },
      { left: 'a', right: 'y' },
    ];
    expect(blockErrors(quiz({ kind: 'matching', pairs }))).toEqual([
      { field: '/body/blocks/0/questions/0/pairs/2/left', message: 'must differ from every other left-hand side' },
      { field: '/body/blocks/0/questions/0/pairs/1/right', message: 'must differ from every other right-hand side' },
    ]);
    expect(blockErrors(quiz({ kind: 'matching', pairs: [{ left: 'a', right: 'x' }] }))).toEqual([
      { field: '/body/blocks/0/questions/0/pairs', message: 'must NOT have fewer than 2 items' },
    ]);
  });
});
