import type { QuestionResult, QuizResponse, QuizResult } from '../../api/types';
import { shownMatching, shownOrdering } from './order-match';

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
  | { id: string; type: 'flashcards'; cards: Array<{ id: string; front: string; back: string }> }
  | MediaLessonBlock
  | AttachmentLessonBlock
  | ExternalToolLessonBlock;

/** An external LTI tool the learner launches in a new tab. */
export interface ExternalToolLessonBlock {
  id: string;
  type: 'external-tool';
  toolId: string;
  title: string;
  resourceLink?: { url?: string; title?: string; custom?: Record<string, string>; lineItem?: { label?: string; scoreMaximum: number } };
}

/** Learner mode: how external-tool blocks get their one-time launch address from the server. */
export interface ToolLaunching {
  onLaunch: (blockId: string) => void;
  /** The prepared launch (or why it failed) per block id. */
  launches: Record<string, { loginUrl?: string; error?: string } | undefined>;
  launching?: string | null;
}

/** A video or audio block; learners get `url`/`captionsUrl` from the API, the author preview resolves uploads itself. */
export interface MediaLessonBlock {
  id: string;
  type: 'media';
  kind: 'video' | 'audio';
  title: string;
  source: { from: 'upload'; storageKey: string } | { from: 'embed'; provider: 'youtube' | 'vimeo'; videoId: string };
  captions?: { storageKey: string; language: string; label: string };
  transcript: string;
  url?: string | null;
  captionsUrl?: string | null;
}

export interface AttachmentLessonBlock {
  id: string;
  type: 'attachment';
  storageKey: string;
  fileName: string;
  description?: string;
  url?: string | null;
}

export type QuestionKind = 'single' | 'multiple' | 'true-false' | 'short-answer' | 'ordering' | 'matching';

/** A question as the author stores it (with its key) or as learners get it (kind, prompt, choices only). */
export interface QuizQuestion {
  id: string;
  /** Absent on single-choice questions written before other kinds existed. */
  kind?: QuestionKind;
  prompt: string;
  /** single and multiple */
  choices?: string[];
  /** The answer key, present in author preview only; learners are graded by the server. */
  answerIndex?: number;
  answerIndices?: number[];
  answer?: boolean;
  match?: 'exact' | 'pattern';
  answers?: string[];
  caseSensitive?: boolean;
  /** ordering: the author's items in the right order, or the learner's in the order shown. */
  items?: string[];
  /** matching, author's: each left with its right. */
  pairs?: Array<{ left: string; right: string }>;
  /** matching, learner's: the left-hand sides, and the right-hand sides shuffled. */
  sources?: string[];
  targets?: string[];
  explanation?: string;
}

export type QuizBlock = Extract<LessonBlock, { type: 'quiz' }>;

export type { QuestionResult, QuizResponse, QuizResult } from '../../api/types';

/** The response per question id. */
export type QuizAnswers = Record<string, QuizResponse>;

/** Share of correct answers that passes a quiz when the course sets none; the server's rule (docs/learning.md), mirrored for preview. */
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

/** Whether a response answers a question rightly, for questions that carry their key (author preview). */
function gradeQuestion(q: QuizQuestion, r: QuizResponse | undefined): QuestionResult {
  const base = { questionId: q.id, kind: q.kind ?? 'single', explanation: q.explanation ?? '', ...r };
  switch (q.kind) {
    case 'multiple': {
      const chosen = [...(r?.choiceIndices ?? [])].sort((a, b) => a - b);
      const right = [...(q.answerIndices ?? [])].sort((a, b) => a - b);
      return { ...base, correct: chosen.join(',') === right.join(','), correctIndices: right };
    }
    case 'true-false':
      return { ...base, correct: r?.answer === q.answer, correctAnswer: q.answer };
    case 'short-answer': {
      const norm = (text: string) => {
        const trimmed = text.trim().replace(/\s+/g, ' ');
        return q.caseSensitive ? trimmed : trimmed.toLocaleLowerCase();
      };
      const typed = r?.text ?? '';
      const correct =
        q.match === 'pattern'
          ? new RegExp(`^(?:${q.answers?.[0] ?? ''})$`, q.caseSensitive ? 'u' : 'iu').test(typed.trim().replace(/\s+/g, ' '))
          : (q.answers ?? []).some((accepted) => norm(accepted) === norm(typed));
      return { ...base, correct, ...(q.match === 'exact' ? { acceptedAnswers: q.answers } : {}) };
    }
    case 'ordering': {
      const correctOrder = shownOrdering(q).correctOrder ?? [];
      return { ...base, correct: (r?.order ?? []).join(',') === correctOrder.join(','), correctOrder };
    }
    case 'matching': {
      const correctMatches = shownMatching(q).correctMatches ?? [];
      return { ...base, correct: (r?.matches ?? []).join(',') === correctMatches.join(','), correctMatches };
    }
    default:
      return { ...base, correct: r?.choiceIndex !== undefined && r.choiceIndex === q.answerIndex, correctIndex: q.answerIndex };
  }
}

/** Grades answers against questions that carry their answer key (author preview). */
export function gradeLocally(block: QuizBlock, answers: QuizAnswers): QuizResult {
  const results = block.questions.map((q) => gradeQuestion(q, answers[q.id]));
  const correct = results.filter((r) => r.correct).length;
  return {
    correct,
    total: results.length,
    passed: correct >= Math.ceil(QUIZ_PASS_MARK * results.length - 1e-9),
    passMark: Math.round(QUIZ_PASS_MARK * 100),
    results,
  };
}
