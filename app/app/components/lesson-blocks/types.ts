/**
 * The blocks `LessonBlocks` renders. Both the author's blocks (quiz questions with `answerIndex`
 * and `explanation`) and the learner's (answers removed by the API, images with a `url`) fit.
 */
export type LessonBlock =
  | { id: string; type: 'heading'; level: 1 | 2 | 3; text: string }
  | { id: string; type: 'markdown'; markdown: string }
  | { id: string; type: 'callout'; tone: 'info' | 'tip' | 'warning'; markdown: string }
  | { id: string; type: 'code'; language: string; code: string }
  | { id: string; type: 'image'; storageKey: string; alt: string; caption?: string; url?: string | null }
  | { id: string; type: 'quiz'; questions: QuizQuestion[] }
  | { id: string; type: 'flashcards'; cards: Array<{ id: string; front: string; back: string }> };

export interface QuizQuestion {
  id: string;
  prompt: string;
  choices: string[];
  /** Present in author preview only; learners are graded by the server. */
  answerIndex?: number;
  explanation?: string;
}

export type QuizBlock = Extract<LessonBlock, { type: 'quiz' }>;

/** The chosen choice index per question id. */
export type QuizAnswers = Record<string, number>;

/** A graded attempt, as the API's quiz-attempts route answers (or as graded locally in preview). */
export interface QuizResult {
  correct: number;
  total: number;
  passed: boolean;
  results: Array<{ questionId: string; choiceIndex: number; correct: boolean; correctIndex: number; explanation: string }>;
}

/** Share of correct answers that passes a quiz; the server's rule (docs/learning.md), mirrored for preview. */
export const QUIZ_PASS_MARK = 0.7;

/**
 * How quizzes are checked. Omit it for author preview: questions that carry `answerIndex` are
 * then graded in the browser. Learners pass one: the page submits answers to the server.
 */
export interface QuizGrading {
  /** Called with every question answered; the page submits them (e.g. through a fetcher). */
  onCheck: (blockId: string, answers: QuizAnswers) => void;
  /** The latest result per quiz block id. */
  results: Record<string, QuizResult | undefined>;
  /** The quiz block whose answers are being checked right now, if any. */
  checking?: string | null;
  /** A message per quiz block id when checking failed. */
  errors?: Record<string, string | undefined>;
}

/** Grades answers against questions that carry their answer key (author preview). */
export function gradeLocally(block: QuizBlock, answers: QuizAnswers): QuizResult {
  const results = block.questions.map((q) => {
    const choiceIndex = answers[q.id] ?? -1;
    const correctIndex = q.answerIndex ?? -1;
    return { questionId: q.id, choiceIndex, correct: choiceIndex === correctIndex, correctIndex, explanation: q.explanation ?? '' };
  });
  const correct = results.filter((r) => r.correct).length;
  return { correct, total: results.length, passed: correct >= Math.ceil(QUIZ_PASS_MARK * results.length - 1e-9), results };
}
