import type { CourseBrief, LessonActivitiesDraft, OutlineLessonDraft, SourceChunk } from '@mirai/sdk-plugin';
import { buildCorpus, buildQuery, type CorpusDefinition, type CorpusSentence, isQuotable, rankSentences, sourceDocuments } from './source-corpus.ts';
import {
  capitalizeFirst,
  clip,
  contentStems,
  endSentence,
  isAcronym,
  keyPhrases,
  looksPlural,
  normalizeKey,
  stableShuffle,
  stripFinalPunctuation,
  words,
} from './text-analysis.ts';

export interface ActivitiesInput {
  course: CourseBrief;
  lesson: OutlineLessonDraft;
  lessonMarkdown: string;
  sources: SourceChunk[];
  questionCount: number;
  flashcardCount: number;
}

type Question = LessonActivitiesDraft['quiz'][number];
type Flashcard = LessonActivitiesDraft['flashcards'][number];

/** Sections of a lesson that restate or exercise it rather than teach it. */
const NON_CONTENT_SECTIONS = /^(?:try it|key takeaways|words to know|reflect|examples?)$/i;
const LESSON_DOCUMENT = 'this lesson';
const BLANK = '_____';

interface Material {
  definitions: CorpusDefinition[];
  /** Definitions of terms the lesson itself uses. */
  lessonDefinitions: ReadonlySet<CorpusDefinition>;
  /** Sentences the lesson itself contains. */
  lessonSentences: ReadonlySet<CorpusSentence>;
  /** Content sentences, most useful for this lesson first. */
  sentences: CorpusSentence[];
  /** Terms that can fill a blank or serve as a distractor, best first. */
  terms: string[];
}

function quote(sentence: string, smeName: string, documentTitle: string): string {
  const text = `“${clip(stripFinalPunctuation(sentence), 1200)}${/[?!]$/.test(sentence.trim()) ? '' : '.'}”`;
  if (smeName !== '') return `According to ${smeName}${documentTitle === '' ? '' : ` (${documentTitle})`}: ${text}`;
  return `From the lesson: ${text}`;
}

// Lengths stay well inside what the core's activities schema allows.
const displayTerm = (term: string) => clip(isAcronym(term) ? term : capitalizeFirst(term), 150);
const choiceText = (text: string) => clip(capitalizeFirst(stripFinalPunctuation(text)), 300);
const same = (a: string, b: string) => normalizeKey(a) === normalizeKey(b);

const termPatterns = new Map<string, RegExp>();

/** Matches a term as whole words, case-insensitively; the pattern is compiled once per term. */
function termPattern(term: string): RegExp {
  let pattern = termPatterns.get(term);
  if (pattern === undefined) {
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'iu');
    if (termPatterns.size > 5000) termPatterns.clear();
    termPatterns.set(term, pattern);
  }
  return pattern;
}

function containsTerm(sentence: string, term: string): boolean {
  return termPattern(term).test(sentence);
}

function gatherMaterial(input: ActivitiesInput): Material {
  const corpus = buildCorpus([...sourceDocuments(input.sources), { markdown: input.lessonMarkdown, smeName: '', documentTitle: LESSON_DOCUMENT }]);
  const lessonCorpus = buildCorpus([{ markdown: input.lessonMarkdown, smeName: '', documentTitle: LESSON_DOCUMENT }]);
  const lessonKeys = new Set(lessonCorpus.sentences.map((sentence) => sentence.key));
  const lessonStems = new Set(contentStems([input.lesson.title, ...input.lesson.objectives, input.lessonMarkdown].join(' ')));
  const inLesson = (term: string) => contentStems(term).every((s) => lessonStems.has(s));
  const definitions = [...corpus.definitions].sort((a, b) => Number(inLesson(b.term)) - Number(inLesson(a.term)) || a.order - b.order);

  // In a lesson with sections, the text before the first heading is its introduction.
  const lessonHasSections = lessonCorpus.sections.length > 0;
  const isContent = (sentence: CorpusSentence) =>
    isQuotable(sentence) &&
    !(
      sentence.documentTitle === LESSON_DOCUMENT &&
      ((lessonHasSections && sentence.section === '') || NON_CONTENT_SECTIONS.test(sentence.section))
    ) &&
    !/\bthis lesson\b/i.test(sentence.text);
  const query = buildQuery([
    [input.lesson.title, 2],
    [input.lesson.objectives.join(' '), 1],
  ]);
  for (const s of lessonStems) if (!query.has(s)) query.set(s, 0.3);
  const ranked = rankSentences(corpus, query, isContent);
  const sentences = [...ranked.filter((sentence) => lessonKeys.has(sentence.key)), ...ranked.filter((sentence) => !lessonKeys.has(sentence.key))];

  const terms: string[] = [];
  const addTerm = (term: string) => {
    const clean = stripFinalPunctuation(term);
    if (words(clean).length === 0 || terms.some((existing) => same(existing, clean))) return;
    terms.push(clean);
  };
  for (const definition of definitions) addTerm(definition.term);
  for (const entry of corpus.bold) addTerm(entry.term);
  // Phrases from the experts' text, not from the lesson's own framing ("describe", "this lesson").
  const expertSentences = corpus.sentences.filter((sentence) => sentence.documentTitle !== LESSON_DOCUMENT);
  const phraseSource = expertSentences.length > 0 ? expertSentences : sentences;
  for (const phrase of keyPhrases(phraseSource.map((sentence) => sentence.text))) if (phrase.count >= 2 && phrase.words >= 2) addTerm(phrase.phrase);
  for (const phrase of corpus.phrases) if (isAcronym(phrase.phrase)) addTerm(phrase.phrase);
  return {
    definitions,
    lessonDefinitions: new Set(definitions.filter((definition) => inLesson(definition.term))),
    lessonSentences: new Set(sentences.filter((sentence) => lessonKeys.has(sentence.key))),
    sentences,
    terms,
  };
}

/** Three distractors from `pool`, none equal to the answer or to each other, in a stable order. */
function pickDistractors(answer: string, pool: readonly string[], seed: string, reject: (candidate: string) => boolean = () => false): string[] {
  const picked: string[] = [];
  for (const candidate of stableShuffle(pool, seed, (item) => item)) {
    if (picked.length === 3) break;
    if (candidate.trim().length === 0 || same(candidate, answer) || picked.some((existing) => same(existing, candidate)) || reject(candidate))
      continue;
    picked.push(candidate);
  }
  return picked;
}

function makeQuestion(prompt: string, answer: string, distractors: readonly string[], explanation: string): Question | null {
  if (distractors.length < 3) return null;
  const choices = stableShuffle([answer, ...distractors], prompt, (item) => item);
  return { prompt, choices, answerIndex: choices.indexOf(answer), explanation };
}

function definitionQuestion(definition: CorpusDefinition, material: Material): Question | null {
  const named = definition.article === '' || isAcronym(definition.term) ? definition.term : `${definition.article} ${definition.term}`;
  const prompt =
    definition.relation === 'stands for'
      ? `What does ${definition.term} stand for?`
      : definition.relation === 'means' || definition.relation === 'refers to'
        ? `What does “${definition.term}” mean?`
        : looksPlural(definition.term)
          ? `What are ${definition.term}?`
          : `What is ${named}?`;
  const answer = choiceText(definition.definition);
  const otherDefinitions = material.definitions.filter((other) => other !== definition).map((other) => choiceText(other.definition));
  const otherSentences = material.sentences
    .filter((sentence) => !containsTerm(sentence.text, definition.term))
    .map((sentence) => choiceText(sentence.text));
  const distractors = pickDistractors(answer, otherDefinitions, prompt);
  const filled = [
    ...distractors,
    ...pickDistractors(answer, otherSentences, prompt, (candidate) => distractors.some((d) => same(d, candidate))),
  ].slice(0, 3);
  return makeQuestion(prompt, answer, filled, quote(definition.sentence, definition.smeName, definition.documentTitle));
}

interface Cloze {
  sentence: CorpusSentence;
  answer: string;
  text: string;
}

/** Blanks out the best term a sentence contains: a defined term, a bold term, then a key phrase. */
function clozeOf(sentence: CorpusSentence, material: Material): Cloze | null {
  // A definition's own sentence is already asked as "What is X?".
  if (material.definitions.some((definition) => normalizeKey(definition.sentence) === sentence.key)) return null;
  const sentenceWords = words(sentence.text).length;
  for (const term of material.terms) {
    if (!containsTerm(sentence.text, term) || words(term).length * 2 > sentenceWords) continue;
    const text = sentence.text.replace(termPattern(term), `$1${BLANK}`);
    if (text !== sentence.text) return { sentence, answer: term, text: endSentence(text) };
  }
  return null;
}

function clozeQuestion(cloze: Cloze, material: Material): Question | null {
  const prompt = `Complete the sentence: “${clip(cloze.text, 800)}”`;
  const answerStems = new Set(contentStems(cloze.answer));
  const distractors = pickDistractors(cloze.answer, material.terms, prompt, (candidate) => {
    return containsTerm(cloze.sentence.text, candidate) || contentStems(candidate).some((s) => answerStems.has(s));
  });
  return makeQuestion(
    prompt,
    displayTerm(cloze.answer),
    distractors.map(displayTerm),
    quote(cloze.sentence.text, cloze.sentence.smeName, cloze.sentence.documentTitle),
  );
}

function reverseQuestion(definition: CorpusDefinition, material: Material): Question | null {
  const prompt = `Which term matches this description: “${choiceText(definition.definition)}”?`;
  const answerStems = new Set(contentStems(definition.term));
  const distractors = pickDistractors(definition.term, material.terms, prompt, (candidate) =>
    contentStems(candidate).some((s) => answerStems.has(s)),
  );
  return makeQuestion(
    prompt,
    displayTerm(definition.term),
    distractors.map(displayTerm),
    quote(definition.sentence, definition.smeName, definition.documentTitle),
  );
}

/**
 * Multiple-choice questions: "What is X?" from definitions, then cloze questions from key
 * sentences, then "Which term matches…?" from definitions again. Never repeats a prompt or
 * a choice; returns fewer than `count` only when the material cannot supply more.
 */
function buildQuiz(material: Material, count: number): Question[] {
  const quiz: Question[] = [];
  const add = (question: Question | null) => {
    if (question === null || quiz.length >= count || quiz.some((existing) => same(existing.prompt, question.prompt))) return;
    quiz.push(question);
  };
  // What the lesson itself teaches first, then the rest of the sources.
  for (const core of [true, false]) {
    const definitions = material.definitions.filter((definition) => material.lessonDefinitions.has(definition) === core);
    for (const definition of definitions) add(definitionQuestion(definition, material));
    for (const sentence of material.sentences) {
      if (quiz.length >= count) break;
      if (material.lessonSentences.has(sentence) !== core) continue;
      const cloze = clozeOf(sentence, material);
      if (cloze !== null) add(clozeQuestion(cloze, material));
    }
    for (const definition of definitions) add(reverseQuestion(definition, material));
  }
  return quiz;
}

/** Flashcards: term → definition, then key phrase → the sentence that explains it, then cloze → answer. */
function buildFlashcards(material: Material, count: number): Flashcard[] {
  const cards: Flashcard[] = [];
  const add = (front: string, back: string) => {
    if (cards.length >= count || front.trim() === '' || back.trim() === '' || front.length > 400 || back.length > 1500) return;
    if (cards.some((card) => same(card.front, front) || same(card.back, back))) return;
    cards.push({ front, back });
  };
  for (const definition of material.definitions) {
    if (cards.length >= count) break;
    add(displayTerm(definition.term), endSentence(choiceText(definition.definition)));
  }
  for (const term of material.terms) {
    if (cards.length >= count) break;
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const gloss = new RegExp(`^${escaped}\\s*[:—–-]\\s*`, 'i');
    const sentence =
      material.sentences.find((candidate) => gloss.test(candidate.text)) ??
      material.sentences.find((candidate) => containsTerm(candidate.text, term));
    if (sentence !== undefined) add(displayTerm(term), endSentence(capitalizeFirst(sentence.text.replace(gloss, ''))));
  }
  for (const sentence of material.sentences) {
    if (cards.length >= count) break;
    const cloze = clozeOf(sentence, material);
    if (cloze !== null) add(cloze.text, displayTerm(cloze.answer));
  }
  return cards;
}

/**
 * Quiz questions and flashcards that check a lesson, built from the definitions and key
 * sentences of the lesson and its sources. Exactly the requested counts when the material
 * has enough distinct items; otherwise as many as it allows (possibly none).
 */
export function buildActivities(input: ActivitiesInput): LessonActivitiesDraft {
  const material = gatherMaterial(input);
  return { quiz: buildQuiz(material, input.questionCount), flashcards: buildFlashcards(material, input.flashcardCount) };
}
