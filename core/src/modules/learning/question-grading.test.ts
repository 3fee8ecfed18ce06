import type { QuizQuestion } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { gradeQuestion } from './question-grading.ts';

const base = { id: 'q', prompt: 'P?', explanation: 'Because.' };
const multiple: QuizQuestion = { ...base, kind: 'multiple', choices: ['a', 'b', 'c', 'd'], answerIndices: [0, 2] };
const trueFalse: QuizQuestion = { ...base, kind: 'true-false', answer: false };
const exact: QuizQuestion = { ...base, kind: 'short-answer', match: 'exact', answers: ['Mitochondria', 'mitochondrion'], caseSensitive: false };
const pattern: QuizQuestion = { ...base, kind: 'short-answer', match: 'pattern', answers: ['colou?r'], caseSensitive: true };
const grade = (question: QuizQuestion, answer: Record<string, unknown>) => gradeQuestion(question, { questionId: 'q', ...answer }, '/body/answers/0');

describe('gradeQuestion', () => {
  it('multiple: right only with exactly the right choices, in any order', () => {
    expect(grade(multiple, { choiceIndices: [2, 0] })).toMatchObject({
      kind: 'multiple',
      correct: true,
      choiceIndices: [0, 2],
      correctIndices: [0, 2],
    });
    expect(grade(multiple, { choiceIndices: [0] }).correct).toBe(false);
    expect(grade(multiple, { choiceIndices: [0, 1, 2] }).correct).toBe(false);
    expect(grade(multiple, { choiceIndices: [] }).correct).toBe(false);
  });

  it('multiple: names the wrong field', () => {
    expect(() => grade(multiple, { choiceIndex: 0 })).toThrow('/body/answers/0/choiceIndices is required');
    expect(() => grade(multiple, { choiceIndices: [0, 4] })).toThrow('/body/answers/0/choiceIndices/1 must point at one of the choices');
    expect(() => grade(multiple, { choiceIndices: [1, 1] })).toThrow('/body/answers/0/choiceIndices must not repeat a choice');
  });

  it('true-false: compares the answer and reveals the right one', () => {
    expect(grade(trueFalse, { answer: false })).toEqual({
      ...{ questionId: 'q', explanation: 'Because.' },
      kind: 'true-false',
      answer: false,
      correct: true,
      correctAnswer: false,
    });
    expect(grade(trueFalse, { answer: true }).correct).toBe(false);
    expect(() => grade(trueFalse, { choiceIndex: 0 })).toThrow('/body/answers/0/answer is required');
  });

  it('short answer, exact: any accepted answer, case ignored unless asked', () => {
    expect(grade(exact, { text: ' MITOCHONDRIA ' })).toMatchObject({ correct: true, acceptedAnswers: ['Mitochondria', 'mitochondrion'] });
    expect(grade(exact, { text: 'mitochondrion' }).correct).toBe(true);
    expect(grade(exact, { text: 'nucleus' }).correct).toBe(false);
    expect(() => grade(exact, {})).toThrow('/body/answers/0/text is required');
  });

  it('short answer, pattern: whole answer, case as set, the pattern itself not revealed', () => {
    const right = grade(pattern, { text: 'color' });
    expect(right.correct).toBe(true);
    expect(right.acceptedAnswers).toBeUndefined();
    expect(grade(pattern, { text: 'Colour' }).correct).toBe(false);
    expect(grade(pattern, { text: 'watercolour' }).correct).toBe(false);
  });

  it('single: still graded by choiceIndex', () => {
    const single: QuizQuestion = { ...base, choices: ['a', 'b'], answerIndex: 1 };
    expect(grade(single, { choiceIndex: 1 })).toMatchObject({ kind: 'single', correct: true, correctIndex: 1 });
    expect(() => grade(single, { choiceIndices: [1] })).toThrow('/body/answers/0/choiceIndex must point at one of the choices');
  });
});
