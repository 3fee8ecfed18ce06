import type { BlockOf } from './blocks';

export type Question = BlockOf<'quiz'>['questions'][number];
export type QuestionKind = NonNullable<Question['kind']>;

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  single: 'One correct answer',
  multiple: 'Several correct answers',
  'true-false': 'True or false',
  'short-answer': 'Short typed answer',
  ordering: 'Put in order',
  matching: 'Match pairs',
};

export const kindOf = (question: Question): QuestionKind => question.kind ?? 'single';

/** Choices of a choice question; others have none. */
export const choicesOf = (question: Question): string[] => ('choices' in question ? question.choices : []);

/** The question as another kind, keeping its prompt, explanation and (between choice kinds) its choices. */
export function convertQuestion(question: Question, kind: QuestionKind): Question {
  const { id, prompt, explanation } = question;
  const choices = choicesOf(question).length >= 2 ? choicesOf(question) : ['', ''];
  switch (kind) {
    case 'single':
      return { id, kind, prompt, explanation, choices, answerIndex: 0 };
    case 'multiple':
      return { id, kind, prompt, explanation, choices, answerIndices: [0] };
    case 'true-false':
      return { id, kind, prompt, explanation, answer: true };
    case 'short-answer':
      return { id, kind, prompt, explanation, match: 'exact', answers: [''], caseSensitive: false };
    case 'ordering':
      return { id, kind, prompt, explanation, items: choicesOf(question).length >= 2 ? choicesOf(question) : ['', ''] };
    case 'matching':
      return { id, kind, prompt, explanation, pairs: [0, 1].map(() => ({ left: '', right: '' })) };
  }
}

/** What keeps a question from being saved, in words, or null. */
export function questionProblem(question: Question, number: number): string | null {
  if (question.prompt.trim() === '') return `Question ${number} needs a prompt.`;
  if (question.kind === 'true-false') return null;
  if (question.kind === 'ordering') {
    if (question.items.some((item) => item.trim() === '')) return `Question ${number} has an empty item.`;
    return new Set(question.items).size < question.items.length ? `Question ${number} has the same item twice.` : null;
  }
  if (question.kind === 'matching') {
    if (question.pairs.some((pair) => pair.left.trim() === '' || pair.right.trim() === '')) return `Question ${number} has an empty pair.`;
    const twice = (side: 'left' | 'right') => new Set(question.pairs.map((pair) => pair[side])).size < question.pairs.length;
    return twice('left') || twice('right') ? `Question ${number} uses the same text twice on one side.` : null;
  }
  if (question.kind === 'short-answer') {
    if (question.answers.every((answer) => answer.trim() === '')) return `Question ${number} needs an accepted answer.`;
    return question.answers.some((answer) => answer.trim() === '') ? `Question ${number} has an empty accepted answer.` : null;
  }
  if (question.choices.length < 2) return `Question ${number} needs at least two answers.`;
  if (question.choices.some((c) => c.trim() === '')) return `Question ${number} has an empty answer.`;
  if (question.kind === 'multiple' && question.answerIndices.length === 0) return `Question ${number} needs at least one correct answer.`;
  return null;
}
