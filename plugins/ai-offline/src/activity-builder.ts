import type { DraftQuestion, GenerationTask, LessonActivitiesDraft } from '@mirai/sdk-plugin';
import { type SourceSection, sectionLines, sourceSections } from './source-sections.ts';
import {
  capitalizeFirst,
  endSentence,
  findDefinitions,
  normalizeKey,
  parseMarkdown,
  splitSentences,
  stableShuffle,
  stripFinalPunctuation,
  stripInline,
} from './text-analysis.ts';
import { type VariedMaterial, variedKinds } from './varied-questions.ts';

type ActivitiesTask = Extract<GenerationTask, { kind: 'lesson-activities' }>;
type Question = Extract<DraftQuestion, { answerIndex: number }>;

/** A quantity and its kind ("75 degrees" → degree): distractors are quantities of the same kind. */
const QUANTITY =
  /\b\d+(?:[.,]\d+)?\s?(?:in|out of)\s?\d+\b|\b\d+(?:[.,]\d+)?(?:\s?(?:%|per ?cent|°C|°F|°|degrees?|kg|kilograms?|g|grams?|m|metres?|meters?|cm|mm|km|feet|foot|ft|inches|minutes?|mins?|seconds?|hours?|days?|weeks?|months?|years?|litres?|liters?|ml|rungs?|steps?|times|points?|people|persons?))?(?![A-Za-z0-9])/gi;

/** Quantities in a sentence, leaving out codes ("EN 131", "ISO 9001") and clock times ("9:30"). */
function quantitiesIn(text: string): RegExpMatchArray[] {
  return [...text.matchAll(QUANTITY)].filter(
    (match) => !/\b[A-Z]{2,}\s?$|[\d:.-]$/.test(text.slice(0, match.index)) && !/^[:.]\d/.test(text.slice((match.index ?? 0) + match[0].length)),
  );
}

function quantityKind(quantity: string): string {
  const unit = quantity.replace(/^[\d.,\s]+/, '').toLowerCase();
  if (/^(in|out of)\s?\d/.test(unit)) return 'ratio';
  if (unit === '') return 'number';
  return unit.replace(/s$/, '').replace(/^(metre|meter)$/, 'm');
}

/** Sentences of a Markdown lesson with the heading they sit under; citation marks removed. */
function lessonSentences(markdown: string): Array<{ text: string; raw: string; section: string; list: boolean }> {
  const withoutCitations = markdown.replace(/\s?\[\d+(?:,\s*\d+)*\]/g, '');
  return parseMarkdown(withoutCitations)
    .filter((block) => block.kind !== 'heading')
    .flatMap((block) =>
      splitSentences(block.raw).map((raw) => ({ raw, text: stripInline(raw), section: block.section, list: block.kind === 'list-item' })),
    );
}

interface Material {
  sections: SourceSection[];
  /** Normalised source lines, to check that a lesson sentence is the documents' own. */
  sourceKeys: string[];
  quantities: Map<string, string[]>;
  terms: string[];
}

function materialOf(task: ActivitiesTask): Material {
  const sections = sourceSections(task.sources);
  const lines = sections.flatMap(sectionLines).map(stripInline);
  const quantities = new Map<string, string[]>();
  for (const line of lines)
    for (const match of quantitiesIn(line)) {
      const kind = quantityKind(match[0]);
      const list = quantities.get(kind) ?? [];
      if (!list.includes(match[0])) list.push(match[0]);
      quantities.set(kind, list);
    }
  const terms = [...new Set(sections.flatMap((section) => section.blocks.flatMap((block) => findBlockDefinitions(block.lines).map((d) => d.term))))];
  return { sections, sourceKeys: lines.map(normalizeKey), quantities, terms };
}

/**
 * Definitions a learner can be tested on: the term is bold where it is defined, or the sentence
 * says so ("means", "refers to", "stands for", "is defined as"), or the definition names a class
 * and narrows it ("a straight ladder that rests …"). "A ladder is a reasonable choice for short
 * jobs" is a claim, not a definition.
 */
function findBlockDefinitions(lines: readonly string[]) {
  return lines.flatMap((line) =>
    findDefinitions({ kind: 'paragraph', level: 0, raw: line, text: stripInline(line), section: '' }).filter(
      (definition) =>
        definition.relation !== 'is' ||
        new RegExp(`\\*\\*(?:an?\\s+|the\\s+)?${definition.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*\\*`, 'i').test(line) ||
        /^(?:an?|the)\s+\S+(?:\s+\S+)?\s+(?:that|which|who|in which|where|used)\b/i.test(definition.definition),
    ),
  );
}

/** A sentence that leans on the one before ("Set it at an angle of 75 degrees") needs it as context. */
const LEANS_BACK = /^(?:\S+\s+){0,3}(?:it|this|that|they|them|these|those)\b/i;

function question(seed: string, prompt: string, answer: string, distractors: readonly string[], explanation: string): Question | null {
  const others = [...new Set(distractors.filter((d) => normalizeKey(d) !== normalizeKey(answer)))].slice(0, 3);
  if (others.length < 2) return null;
  const choices = stableShuffle([answer, ...others], seed, (choice) => choice);
  return { prompt, choices, answerIndex: choices.indexOf(answer), explanation };
}

/**
 * Quiz questions and flashcards from the lesson's own sentences that are the documents' own
 * (never from anything else in the lesson): numbers as cloze questions, definitions as "which
 * term", a list's items as "which of these is listed under". Distractors are of the same kind
 * from the same documents. Flashcards are the definitions the lesson's sentences state, so each
 * appears in the one lesson that holds its section.
 */
export function buildActivities(task: ActivitiesTask): LessonActivitiesDraft {
  const material = materialOf(task);
  const grounded = lessonSentences(task.lessonMarkdown).filter((sentence) => {
    const key = normalizeKey(sentence.text);
    return key.length > 0 && material.sourceKeys.some((source) => source.includes(key));
  });
  const explain = (text: string) => `The documents say: “${endSentence(text)}”`;
  const numeric: Question[] = [];
  const definitional: Question[] = [];
  const listed: Question[] = [];
  const usedLists = new Set<string>();
  grounded.forEach((sentence, index) => {
    const quantity = quantitiesIn(sentence.text)[0]?.[0];
    if (quantity !== undefined) {
      const kind = quantityKind(quantity);
      // Same kind first ("75 degrees" among angles); other measured kinds only when the documents have too few.
      const pool = [
        ...(material.quantities.get(kind) ?? []),
        ...[...material.quantities.entries()]
          .filter(([other]) => other !== kind && other !== 'number' && kind !== 'number')
          .flatMap(([, values]) => values),
      ];
      const before = grounded[index - 1];
      const leadIn =
        before === undefined || before.section !== sentence.section ? '' : /:$/.test(before.text) ? before.text : endSentence(before.text);
      const context = LEANS_BACK.test(sentence.text) && leadIn !== '' ? `${leadIn} ` : '';
      const blanked = `${context}${sentence.text.replace(quantity, '_____')}`;
      const q = question(sentence.text, `Fill in the blank: ${endSentence(blanked)}`, quantity, pool, explain(sentence.text));
      if (q !== null) numeric.push(q);
    }
    for (const definition of findBlockDefinitions([sentence.raw])) {
      const answer = capitalizeFirst(definition.term);
      const prompt = `Which term do the documents describe as “${stripFinalPunctuation(definition.definition)}”?`;
      const q = question(definition.term, prompt, answer, material.terms.map(capitalizeFirst), explain(sentence.text));
      if (q !== null) definitional.push(q);
    }
    if (sentence.list && !usedLists.has(sentence.section)) {
      const own = new Set(
        material.sections
          .filter((s) => normalizeKey(s.heading) === normalizeKey(sentence.section))
          .flatMap(sectionLines)
          .map(normalizeKey),
      );
      const others = material.sections
        .filter((s) => normalizeKey(s.heading) !== normalizeKey(sentence.section))
        .flatMap((s) => s.blocks.filter((b) => b.kind === 'list').flatMap((b) => b.lines.map(stripInline)))
        .filter((line) => !own.has(normalizeKey(line)));
      const prompt = `Which of these do the documents list under “${sentence.section}”?`;
      const q = question(
        sentence.text,
        prompt,
        sentence.text,
        stableShuffle(others, sentence.text, (line) => line),
        explain(sentence.text),
      );
      if (q !== null) {
        listed.push(q);
        usedLists.add(sentence.section);
      }
    }
  });
  // Without `questionKinds` the caller takes single choice only (the contract before kinds existed).
  const kinds = task.questionKinds ?? ['single'];
  const single = kinds.includes('single');
  const varied: VariedMaterial = {
    sections: material.sections,
    groundedKeys: grounded.map((sentence) => normalizeKey(sentence.text)),
    definitions: findBlockDefinitions(grounded.map((sentence) => sentence.raw)),
    quantities: grounded.flatMap((sentence) => {
      const quantity = quantitiesIn(sentence.text)[0]?.[0];
      if (quantity === undefined || LEANS_BACK.test(sentence.text)) return [];
      const other = (material.quantities.get(quantityKind(quantity)) ?? []).find((value) => normalizeKey(value) !== normalizeKey(quantity));
      return [{ sentence: sentence.text, quantity, other }];
    }),
  };
  const rotation: DraftQuestion[][] = [...(single ? [numeric] : []), ...variedKinds(varied, kinds), ...(single ? [definitional, listed] : [])];
  const quiz: DraftQuestion[] = [];
  const seen = new Set<string>();
  for (let round = 0; quiz.length < task.questionCount && round < Math.max(grounded.length, 1); round += 1)
    for (const kind of rotation) {
      const q = kind[round];
      if (q === undefined || quiz.length >= task.questionCount || seen.has(normalizeKey(q.prompt))) continue;
      seen.add(normalizeKey(q.prompt));
      quiz.push(q);
    }
  const flashcards: LessonActivitiesDraft['flashcards'] = [];
  const fronts = new Set<string>();
  for (const definition of findBlockDefinitions(grounded.map((sentence) => sentence.raw))) {
    const front = capitalizeFirst(definition.term);
    if (flashcards.length >= task.flashcardCount || fronts.has(normalizeKey(front))) continue;
    fronts.add(normalizeKey(front));
    flashcards.push({ front, back: endSentence(capitalizeFirst(definition.definition)) });
  }
  return { quiz, flashcards };
}
