import type { Block } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';

/** Share of a quiz block's questions a learner must answer correctly for the quiz to count as passed. */
export const QUIZ_PASS_MARK = 0.7;

export interface QuizAnswer {
  questionId: string;
  choiceIndex: number;
}

export interface GradedQuestion {
  questionId: string;
  choiceIndex: number;
  correct: boolean;
  correctIndex: number;
  explanation: string;
}

export interface GradedQuiz {
  correct: number;
  total: number;
  passed: boolean;
  results: GradedQuestion[];
}

type QuizBlock = Extract<Block, { type: 'quiz' }>;

const invalid = (field: string, message: string) =>
  new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `${field} ${message}`, { fieldErrors: [{ field, message }] });

/** The quiz block `blockId` of a lesson, or a 400 naming the field. */
export function quizBlock(blocks: Block[], blockId: string): QuizBlock {
  const block = blocks.find((candidate) => candidate.id === blockId);
  if (block?.type !== 'quiz') throw invalid('/body/blockId', 'is not a quiz of this lesson');
  return block;
}

/**
 * Grades one answer per question on the server (learners never receive the answer key before
 * answering). Every question must be answered exactly once with an index among its choices.
 */
export function gradeQuiz(block: QuizBlock, answers: QuizAnswer[]): GradedQuiz {
  const byQuestion = new Map<string, number>();
  answers.forEach((answer, i) => {
    const question = block.questions.find((q) => q.id === answer.questionId);
    if (question === undefined) throw invalid(`/body/answers/${i}/questionId`, 'is not a question of this quiz');
    if (byQuestion.has(answer.questionId)) throw invalid(`/body/answers/${i}/questionId`, 'is answered twice');
    if (answer.choiceIndex >= question.choices.length) throw invalid(`/body/answers/${i}/choiceIndex`, 'must point at one of the choices');
    byQuestion.set(answer.questionId, answer.choiceIndex);
  });
  const missing = block.questions.find((q) => !byQuestion.has(q.id));
  if (missing !== undefined) throw invalid('/body/answers', `has no answer for question ${missing.id}`);
  const results = block.questions.map((q) => {
    const choiceIndex = byQuestion.get(q.id) ?? -1;
    return { questionId: q.id, choiceIndex, correct: choiceIndex === q.answerIndex, correctIndex: q.answerIndex, explanation: q.explanation };
  });
  const correct = results.filter((r) => r.correct).length;
  return { correct, total: results.length, passed: correct >= Math.ceil(QUIZ_PASS_MARK * results.length - 1e-9), results };
}

/** A block as a learner receives it: quiz questions without the answer key or explanation. */
export type LearnerBlock =
  | Exclude<Block, { type: 'quiz' | 'image' }>
  | { id: string; type: 'quiz'; questions: Array<{ id: string; prompt: string; choices: string[] }> }
  | { id: string; type: 'image'; storageKey: string; alt: string; caption?: string; url: string | null };

/** Strips answers from quizzes and gives images a short-lived address (null when it cannot be resolved). */
export function learnerBlocks(blocks: Block[], imageUrl: (storageKey: string) => string | null): LearnerBlock[] {
  return blocks.map((block): LearnerBlock => {
    if (block.type === 'quiz')
      return { id: block.id, type: 'quiz', questions: block.questions.map(({ id, prompt, choices }) => ({ id, prompt, choices })) };
    if (block.type === 'image') return { ...block, url: imageUrl(block.storageKey) };
    return block;
  });
}

/** Ids of the quiz blocks a lesson must have passed before it can be completed. */
export function quizBlockIds(blocks: Block[]): string[] {
  return blocks.filter((block) => block.type === 'quiz').map((block) => block.id);
}
