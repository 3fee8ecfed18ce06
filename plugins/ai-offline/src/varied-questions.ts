import type { DraftQuestion, QuestionKind } from '@mirai/sdk-plugin';
import type { SourceSection } from './source-sections.ts';
import { capitalizeFirst, endSentence, normalizeKey, stableShuffle, stripFinalPunctuation, stripInline } from './text-analysis.ts';

/** What the varied kinds are built from: the documents' sections and what the lesson took from them. */
export interface VariedMaterial {
  sections: SourceSection[];
  /** Normalised sentences of the lesson that are the documents' own. */
  groundedKeys: string[];
  /** Definitions the lesson states, term and definition. */
  definitions: Array<{ term: string; definition: string }>;
  /** Lesson sentences holding a quantity, with a quantity of the same kind to swap in, if any. */
  quantities: Array<{ sentence: string; quantity: string; other: string | undefined }>;
}

const inLesson = (material: VariedMaterial, line: string) => {
  const key = normalizeKey(stripInline(line));
  return key.length > 0 && material.groundedKeys.some((grounded) => grounded.includes(key) || key.includes(grounded));
};

/** Steps of a numbered list the lesson uses (at least two of them), in the documents' order. */
export function orderingQuestions(material: VariedMaterial): DraftQuestion[] {
  return material.sections.flatMap((section) =>
    section.blocks
      .filter((block) => block.kind === 'list' && block.ordered && block.lines.length >= 3)
      .map((block) => [...new Set(block.lines.map((line) => stripFinalPunctuation(stripInline(line))))].slice(0, 8))
      .filter((items) => items.length >= 3 && items.every((item) => item.length > 0 && item.length <= 300))
      .filter((items) => items.filter((item) => inLesson(material, item)).length >= 2)
      .map((items) => ({
        kind: 'ordering' as const,
        prompt: `Put the steps of “${section.heading}” in the order the documents give them.`,
        items,
        explanation: `The documents give this order: ${items.map((item, i) => `${i + 1}. ${item}`).join('; ')}.`,
      })),
  );
}

/** Terms and their definitions from the lesson, three to five of them, to match. */
export function matchingQuestions(material: VariedMaterial): DraftQuestion[] {
  const pairs: Array<{ left: string; right: string }> = [];
  for (const { term, definition } of material.definitions) {
    const left = capitalizeFirst(term);
    const right = capitalizeFirst(stripFinalPunctuation(definition));
    if (
      right.length > 300 ||
      pairs.some((pair) => normalizeKey(pair.left) === normalizeKey(left) || normalizeKey(pair.right) === normalizeKey(right))
    )
      continue;
    pairs.push({ left, right });
    if (pairs.length === 5) break;
  }
  if (pairs.length < 3) return [];
  return [
    {
      kind: 'matching',
      prompt: 'Match each term with how the documents describe it.',
      pairs,
      explanation: `The documents say: ${pairs.map((pair) => `${pair.left}: ${pair.right}`).join('; ')}.`,
    },
  ];
}

/** A sentence with a number, stated as the documents have it or with another of their numbers (then false). */
export function trueFalseQuestions(material: VariedMaterial): DraftQuestion[] {
  return material.quantities.flatMap(({ sentence, quantity, other }, i) => {
    const swapped = other !== undefined && i % 2 === 1;
    const statement = swapped ? sentence.replace(quantity, other) : sentence;
    if (statement.length > 900) return [];
    return [
      {
        kind: 'true-false' as const,
        prompt: `True or false: ${endSentence(statement)}`,
        answer: !swapped,
        explanation: `The documents say: “${endSentence(sentence)}”`,
      },
    ];
  });
}

/** "Select every one": two or three items of a list the lesson uses, among items of other sections' lists. */
export function severalAnswerQuestions(material: VariedMaterial): DraftQuestion[] {
  return material.sections.flatMap((section) => {
    const own = section.blocks
      .filter((block) => block.kind === 'list' && !block.ordered)
      .flatMap((block) => block.lines.map((line) => stripFinalPunctuation(stripInline(line))))
      .filter((line) => line.length > 0 && line.length <= 500 && inLesson(material, line));
    if (own.length < 2) return [];
    const ownKeys = new Set(own.map(normalizeKey));
    const others = material.sections
      .filter((other) => other !== section)
      .flatMap((other) => other.blocks.filter((block) => block.kind === 'list').flatMap((block) => block.lines))
      .map((line) => stripFinalPunctuation(stripInline(line)))
      .filter((line) => line.length > 0 && line.length <= 500 && !ownKeys.has(normalizeKey(line)));
    const right = own.slice(0, 3);
    const wrong = [...new Set(stableShuffle(others, section.heading, (line) => line))].slice(0, 2);
    if (wrong.length < 1) return [];
    const choices = stableShuffle([...right, ...wrong], `${section.heading} choices`, (line) => line);
    return [
      {
        kind: 'multiple' as const,
        prompt: `Which of these do the documents list under “${section.heading}”? Select every one.`,
        choices,
        answerIndices: choices.map((choice, i) => (right.includes(choice) ? i : -1)).filter((i) => i >= 0),
        explanation: `Under “${section.heading}” the documents list: ${right.join('; ')}.`,
      },
    ];
  });
}

/** The kinds in the order a quiz takes one of each, round after round. */
export function variedKinds(material: VariedMaterial, kinds: readonly QuestionKind[]): DraftQuestion[][] {
  const byKind: Array<[QuestionKind, () => DraftQuestion[]]> = [
    ['ordering', () => orderingQuestions(material)],
    ['matching', () => matchingQuestions(material)],
    ['true-false', () => trueFalseQuestions(material)],
    ['multiple', () => severalAnswerQuestions(material)],
  ];
  return byKind.filter(([kind]) => kinds.includes(kind)).map(([, build]) => build());
}
