import type { QuizQuestion } from '@mirai/sdk-plugin';

/** SCORM (1.2 and 2004) and xAPI name a question's interaction type alike for the kinds Mirai has. */
export type InteractionType = 'choice' | 'true-false' | 'fill-in' | 'sequencing' | 'matching';

export function interactionType(question: QuizQuestion): InteractionType {
  if (question.kind === 'true-false') return 'true-false';
  if (question.kind === 'short-answer') return 'fill-in';
  if (question.kind === 'ordering') return 'sequencing';
  if (question.kind === 'matching') return 'matching';
  return 'choice';
}

/**
 * Choices, ordering items and matching left-hand sides are identified by letter (`a` for the
 * first), matching right-hand sides by digit (`1` for the first): single characters, which
 * SCORM 1.2 requires and 2004 and xAPI accept.
 */
export const choiceIdentifier = (index: number): string => String.fromCharCode(97 + index);
export const targetIdentifier = (index: number): string => String(index + 1);

/**
 * The correct-response patterns of a question, each a whole correct response, in the format of
 * `format`: SCORM 1.2 joins choices with `,` and writes true/false as `t`/`f`; SCORM 2004 and xAPI
 * join with `[,]`, write `true`/`false`, and mark case-sensitive text `{case_matters=true}`.
 * A sequence lists the items in order (`a,b,c` / `a[,]b[,]c`); matching pairs source and target
 * with `.` / `[.]` (`a.1,b.2` / `a[.]1[,]b[.]2`).
 * A pattern-matched short answer has no pattern these formats can state: none is given.
 */
export function correctResponsePatterns(question: QuizQuestion, format: 'scorm12' | 'scorm2004' | 'xapi'): string[] {
  const joiner = format === 'scorm12' ? ',' : '[,]';
  switch (question.kind) {
    case undefined:
    case 'single':
      return [choiceIdentifier(question.answerIndex)];
    case 'multiple':
      return [
        [...question.answerIndices]
          .sort((a, b) => a - b)
          .map(choiceIdentifier)
          .join(joiner),
      ];
    case 'true-false':
      return [format === 'scorm12' ? (question.answer ? 't' : 'f') : String(question.answer)];
    case 'short-answer': {
      if (question.match === 'pattern') return [];
      const prefix = format !== 'scorm12' && question.caseSensitive ? '{case_matters=true}' : '';
      // `[` `]` `{` delimit parts of a 2004/xAPI pattern; an answer using them would be misread.
      const stated = format === 'scorm12' ? question.answers : question.answers.filter((answer) => !/[[\]{}]/.test(answer));
      return stated.map((answer) => `${prefix}${answer.slice(0, 250)}`);
    }
    case 'ordering':
      return [question.items.map((_, i) => choiceIdentifier(i)).join(joiner)];
    case 'matching': {
      const dot = format === 'scorm12' ? '.' : '[.]';
      return [question.pairs.map((_, i) => `${choiceIdentifier(i)}${dot}${targetIdentifier(i)}`).join(joiner)];
    }
  }
}

/** An xAPI interaction activity definition (cmi.interaction) for a question. */
export function xapiInteractionDefinition(question: QuizQuestion, language: string): Record<string, unknown> {
  const text = (value: string) => ({ [language]: value });
  const definition: Record<string, unknown> = {
    type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
    name: text(question.prompt.slice(0, 250)),
    description: text(question.prompt),
    interactionType: interactionType(question),
  };
  const patterns = correctResponsePatterns(question, 'xapi');
  if (patterns.length > 0) definition.correctResponsesPattern = patterns;
  if (question.kind === undefined || question.kind === 'single' || question.kind === 'multiple')
    definition.choices = question.choices.map((choice, index) => ({ id: choiceIdentifier(index), description: text(choice) }));
  if (question.kind === 'ordering')
    definition.choices = question.items.map((item, index) => ({ id: choiceIdentifier(index), description: text(item) }));
  if (question.kind === 'matching') {
    definition.source = question.pairs.map((pair, index) => ({ id: choiceIdentifier(index), description: text(pair.left) }));
    definition.target = question.pairs.map((pair, index) => ({ id: targetIdentifier(index), description: text(pair.right) }));
  }
  return definition;
}
