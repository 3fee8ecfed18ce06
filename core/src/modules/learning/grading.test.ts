import type { Block } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PASS_MARK, gradeQuiz, learnerBlocks } from './grading.ts';

const quiz = (count: number): Extract<Block, { type: 'quiz' }> => ({
  id: 'quiz',
  type: 'quiz',
  questions: Array.from({ length: count }, (_, i) => ({ id: `q${i}`, prompt: `Q${i}`, choices: ['a', 'b'], answerIndex: 0, explanation: `E${i}` })),
});
const answers = (count: number, correct: number) =>
  Array.from({ length: count }, (_, i) => ({ questionId: `q${i}`, choiceIndex: i < correct ? 0 : 1 }));

describe('gradeQuiz', () => {
  it(`passes at ${DEFAULT_PASS_MARK * 100} % correct and not below`, () => {
    expect(gradeQuiz(quiz(10), answers(10, 7))).toMatchObject({ correct: 7, total: 10, passed: true });
    expect(gradeQuiz(quiz(10), answers(10, 6))).toMatchObject({ correct: 6, passed: false });
    expect(gradeQuiz(quiz(4), answers(4, 3)).passed).toBe(true);
    expect(gradeQuiz(quiz(3), answers(3, 2)).passed).toBe(false);
  });

  it("uses the course's pass mark when given", () => {
    expect(gradeQuiz(quiz(10), answers(10, 7), 0.8).passed).toBe(false);
    expect(gradeQuiz(quiz(10), answers(10, 8), 0.8).passed).toBe(true);
    expect(gradeQuiz(quiz(10), answers(10, 5), 0.5).passed).toBe(true);
  });

  it('reports each question with the correct choice and its explanation', () => {
    expect(gradeQuiz(quiz(2), answers(2, 1)).results).toEqual([
      { questionId: 'q0', kind: 'single', choiceIndex: 0, correct: true, correctIndex: 0, explanation: 'E0' },
      { questionId: 'q1', kind: 'single', choiceIndex: 1, correct: false, correctIndex: 0, explanation: 'E1' },
    ]);
  });

  it('refuses a question answered twice', () => {
    expect(() => gradeQuiz(quiz(1), [...answers(1, 1), ...answers(1, 1)])).toThrow('/body/answers/1/questionId is answered twice');
  });
});

describe('learnerBlocks', () => {
  it('drops answers and explanations and resolves images', () => {
    const blocks: Block[] = [quiz(1), { id: 'img', type: 'image', storageKey: 'uploads/1/a.png', alt: 'A' }];
    expect(learnerBlocks(blocks, (key) => `https://files/${key}`)).toEqual([
      { id: 'quiz', type: 'quiz', questions: [{ id: 'q0', kind: 'single', prompt: 'Q0', choices: ['a', 'b'] }] },
      { id: 'img', type: 'image', storageKey: 'uploads/1/a.png', alt: 'A', url: 'https://files/uploads/1/a.png' },
    ]);
  });
});
