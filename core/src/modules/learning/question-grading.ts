import { presentedOrder, type QuizQuestion, shortAnswerMatches } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';

/** A learner's response to one question: the field that fits the question's kind. */
export interface QuizAnswer {
  questionId: string;
  /** single */
  choiceIndex?: number;
  /** multiple */
  choiceIndices?: number[];
  /** true-false */
  answer?: boolean;
  /** short-answer */
  text?: string;
  /** ordering: the items as the learner arranged them, as positions in the order they were shown */
  order?: number[];
  /** matching: for each left-hand side, the position of the chosen right-hand side as shown */
  matches?: number[];
}

/** A graded response: what was answered, whether it was right, and the key the learner may now see. */
export interface GradedQuestion extends QuizAnswer {
  kind: NonNullable<QuizQuestion['kind']>;
  correct: boolean;
  /** single: the right choice. */
  correctIndex?: number;
  /** multiple: every right choice. */
  correctIndices?: number[];
  /** true-false: the right answer. */
  correctAnswer?: boolean;
  /** short-answer with exact matching: the accepted answers (a pattern is not shown). */
  acceptedAnswers?: string[];
  /** ordering: the shown positions in the right order. */
  correctOrder?: number[];
  /** matching: for each left-hand side, the shown position of its right-hand side. */
  correctMatches?: number[];
  explanation: string;
}

const invalid = (field: string, message: string) =>
  new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `${field} ${message}`, { fieldErrors: [{ field, message }] });

const inChoices = (index: number, choices: string[]) => Number.isInteger(index) && index >= 0 && index < choices.length;

const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/** Where each authored entry (item or right-hand side) was shown: the inverse of the presented order. */
export function shownPositions(questionId: string, length: number): number[] {
  const shown = new Array<number>(length).fill(0);
  presentedOrder(questionId, length).forEach((authored, position) => {
    shown[authored] = position;
  });
  return shown;
}

/** An ordering or matching response: each shown position once, one per entry. */
function positions(given: number[] | undefined, length: number, field: string, missing: string): number[] {
  if (given === undefined) throw invalid(field, missing);
  if (given.length !== length) throw invalid(field, `must hold ${length} positions`);
  const outside = given.findIndex((position) => !Number.isInteger(position) || position < 0 || position >= length);
  if (outside >= 0) throw invalid(`${field}/${outside}`, 'must point at one of the shown entries');
  if (new Set(given).size !== given.length) throw invalid(field, 'must not use an entry twice');
  return given;
}

/** Grades one response; `field` names the answer in errors (`/body/answers/3`). All-or-nothing per question. */
export function gradeQuestion(question: QuizQuestion, answer: QuizAnswer, field: string): GradedQuestion {
  const base = { questionId: question.id, explanation: question.explanation };
  switch (question.kind) {
    case undefined:
    case 'single': {
      const choiceIndex = answer.choiceIndex;
      if (choiceIndex === undefined || !inChoices(choiceIndex, question.choices))
        throw invalid(`${field}/choiceIndex`, 'must point at one of the choices');
      return { ...base, kind: 'single', choiceIndex, correct: choiceIndex === question.answerIndex, correctIndex: question.answerIndex };
    }
    case 'multiple': {
      const chosen = answer.choiceIndices;
      if (chosen === undefined) throw invalid(`${field}/choiceIndices`, 'is required for a question with several answers');
      const outside = chosen.findIndex((index) => !inChoices(index, question.choices));
      if (outside >= 0) throw invalid(`${field}/choiceIndices/${outside}`, 'must point at one of the choices');
      if (new Set(chosen).size !== chosen.length) throw invalid(`${field}/choiceIndices`, 'must not repeat a choice');
      const choiceIndices = [...chosen].sort((a, b) => a - b);
      const correctIndices = [...question.answerIndices].sort((a, b) => a - b);
      const correct = choiceIndices.length === correctIndices.length && choiceIndices.every((index, i) => index === correctIndices[i]);
      return { ...base, kind: 'multiple', choiceIndices, correct, correctIndices };
    }
    case 'true-false': {
      if (answer.answer === undefined) throw invalid(`${field}/answer`, 'is required for a true/false question');
      return { ...base, kind: 'true-false', answer: answer.answer, correct: answer.answer === question.answer, correctAnswer: question.answer };
    }
    case 'short-answer': {
      if (answer.text === undefined) throw invalid(`${field}/text`, 'is required for a short-answer question');
      const accepted = question.match === 'exact' ? { acceptedAnswers: question.answers } : {};
      return { ...base, kind: 'short-answer', text: answer.text, correct: shortAnswerMatches(question, answer.text), ...accepted };
    }
    case 'ordering': {
      const order = positions(answer.order, question.items.length, `${field}/order`, 'is required for an ordering question');
      const correctOrder = shownPositions(question.id, question.items.length);
      return { ...base, kind: 'ordering', order, correct: sameList(order, correctOrder), correctOrder };
    }
    case 'matching': {
      const matches = positions(answer.matches, question.pairs.length, `${field}/matches`, 'is required for a matching question');
      const correctMatches = shownPositions(question.id, question.pairs.length);
      return { ...base, kind: 'matching', matches, correct: sameList(matches, correctMatches), correctMatches };
    }
  }
}
