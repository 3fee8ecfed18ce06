import { type Block, presentedOrder, type QuizQuestion } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type LearnerAttachmentBlock, type LearnerMediaBlock, learnerAttachmentBlock, learnerMediaBlock } from './learner-media.ts';
import { type GradedQuestion, gradeQuestion, type QuizAnswer } from './question-grading.ts';

export type { GradedQuestion, QuizAnswer } from './question-grading.ts';

/** Share of a quiz block's questions to answer correctly when the course sets no pass mark of its own. */
export const DEFAULT_PASS_MARK = 0.7;

export interface GradedQuiz {
  correct: number;
  total: number;
  passed: boolean;
  /** The pass mark applied, in percent. */
  passMark: number;
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
 * answering). Every question must be answered exactly once, in the field its kind asks for.
 * `passMark` is the share of questions to get right (0..1).
 */
export function gradeQuiz(block: QuizBlock, answers: QuizAnswer[], passMark = DEFAULT_PASS_MARK): GradedQuiz {
  const byQuestion = new Map<string, GradedQuestion>();
  answers.forEach((answer, i) => {
    const question = block.questions.find((q) => q.id === answer.questionId);
    if (question === undefined) throw invalid(`/body/answers/${i}/questionId`, 'is not a question of this quiz');
    if (byQuestion.has(answer.questionId)) throw invalid(`/body/answers/${i}/questionId`, 'is answered twice');
    byQuestion.set(answer.questionId, gradeQuestion(question, answer, `/body/answers/${i}`));
  });
  const results = block.questions.map((q) => {
    const result = byQuestion.get(q.id);
    if (result === undefined) throw invalid('/body/answers', `has no answer for question ${q.id}`);
    return result;
  });
  const correct = results.filter((r) => r.correct).length;
  return {
    correct,
    total: results.length,
    passed: correct >= Math.ceil(passMark * results.length - 1e-9),
    passMark: Math.round(passMark * 100),
    results,
  };
}

/** A question as a learner receives it: its kind, prompt and (for choice questions) choices. */
export interface LearnerQuestion {
  id: string;
  kind: NonNullable<QuizQuestion['kind']>;
  prompt: string;
  choices?: string[];
  /** ordering: the items in the order shown (never the right one). */
  items?: string[];
  /** matching: the left-hand sides, in the authored order. */
  sources?: string[];
  /** matching: the right-hand sides, shuffled. */
  targets?: string[];
}

function learnerQuestion(question: QuizQuestion): LearnerQuestion {
  const { id, prompt } = question;
  switch (question.kind) {
    case undefined:
    case 'single':
      return { id, kind: 'single', prompt, choices: question.choices };
    case 'multiple':
      return { id, kind: 'multiple', prompt, choices: question.choices };
    case 'true-false':
    case 'short-answer':
      return { id, kind: question.kind, prompt };
    case 'ordering':
      return { id, kind: 'ordering', prompt, items: presentedOrder(id, question.items.length).map((i) => question.items[i] ?? '') };
    case 'matching':
      return {
        id,
        kind: 'matching',
        prompt,
        sources: question.pairs.map((pair) => pair.left),
        targets: presentedOrder(id, question.pairs.length).map((i) => question.pairs[i]?.right ?? ''),
      };
  }
}

/** A block as a learner receives it: quiz questions without the answer key or explanation. */
export type LearnerBlock =
  | Exclude<Block, { type: 'quiz' | 'image' | 'media' | 'attachment' }>
  | { id: string; type: 'quiz'; questions: LearnerQuestion[] }
  | { id: string; type: 'image'; storageKey: string; alt: string; caption?: string; url: string | null }
  | LearnerMediaBlock
  | LearnerAttachmentBlock;

/** Strips answers from quizzes and gives stored files (images, media, attachments) a short-lived address (null when it cannot be resolved). */
export function learnerBlocks(blocks: Block[], imageUrl: (storageKey: string) => string | null): LearnerBlock[] {
  return blocks.map((block): LearnerBlock => {
    if (block.type === 'quiz') return { id: block.id, type: 'quiz', questions: block.questions.map(learnerQuestion) };
    if (block.type === 'image') return { ...block, url: imageUrl(block.storageKey) };
    if (block.type === 'media') return learnerMediaBlock(block, imageUrl);
    if (block.type === 'attachment') return learnerAttachmentBlock(block, imageUrl);
    return block;
  });
}

/** Ids of the quiz blocks a lesson must have passed before it can be completed. */
export function quizBlockIds(blocks: Block[]): string[] {
  return blocks.filter((block) => block.type === 'quiz').map((block) => block.id);
}
