import type { Block, CourseBrief, OutlineLessonDraft, SourceChunk } from '@mirai/sdk-plugin';
import { type Audience, audienceOf, headingForObjective, splitObjective } from './learning-design.ts';
import { buildCorpus, buildQuery, type Corpus, type CorpusSentence, isQuotable, rankSentences, relevance, sourceDocuments } from './source-corpus.ts';
import {
  capitalizeFirst,
  contentStems,
  endSentence,
  isAcronym,
  keyPhrases,
  lowerFirst,
  normalizeKey,
  stripFinalPunctuation,
  words,
} from './text-analysis.ts';

export interface LessonBodyInput {
  course: CourseBrief;
  module: { title: string; position: number };
  lesson: OutlineLessonDraft & { position: number };
  sources: SourceChunk[];
  instruction?: string;
  previous?: Block[];
}

/** What an author's regeneration instruction asks for, as far as simple keywords tell. */
export interface RewriteMode {
  shorter: boolean;
  simpler: boolean;
  examples: boolean;
  longer: boolean;
  /** Other content words of the instruction ("focus on team lifts"), used to rank sentences. */
  focus: string;
}

const CUE_WORDS =
  /\b(?:more|add|adding|please|make|lesson|section|text|it|examples?|short(?:er|en)?|concise|brief(?:er)?|simpl(?:e|er|ify)|plain|easier|longer|detail(?:ed|s)?|expand|deeper|less|jargon|focus|on|use|with)\b/gi;

export function parseInstruction(instruction: string | undefined): RewriteMode {
  const text = (instruction ?? '').toLowerCase();
  return {
    examples: /\bexamples?\b|\bcase stud|\bscenarios?\b/.test(text),
    shorter: /\bshort(?:er|en)?\b|\bconcise\b|\bbrief(?:er)?\b|\bless (?:text|detail)|\btrim\b|\bcondense/.test(text),
    simpler: /\bsimpl(?:e|er|ify)\b|\bplain\b|\beasier\b|\bjargon\b|\bbeginners?\b/.test(text),
    longer: /\blonger\b|\bmore detail|\bexpand|\bdeeper\b|\belaborate/.test(text),
    focus: text.replace(CUE_WORDS, ' ').trim(),
  };
}

/** Words of an objective that say what to do rather than what about; they barely steer ranking. */
const OBJECTIVE_FILLER = new Set(
  'describe explain recognise recognize identify give list compare apply summarise summarize evaluate analyse analyze design justify main ideas everyday example work working typical day come comes realistic task case own key points remember colleague colleagues common mistakes avoid relate relates link learned short briefing new workplace procedure practice evidence source material decisions strengths limits current today handled matter matters'
    .split(' ')
    .flatMap(contentStems),
);

function isFiller(s: string, plan: Plan): boolean {
  return OBJECTIVE_FILLER.has(s) || plan.roleStems.has(s);
}

/**
 * The best sentence for each objective's own words (not the lesson title's, not filler), so
 * an earlier section does not take the sentence a later objective is about.
 */
function reserveSentences(objectives: readonly string[], input: LessonBodyInput, plan: Plan): Map<string, number> {
  const titleStems = new Set(contentStems(input.lesson.title));
  const reserved = new Map<string, number>();
  for (const [index, objective] of objectives.entries()) {
    const specific = contentStems(objective).filter((s) => !titleStems.has(s) && !isFiller(s, plan));
    if (specific.length === 0) continue;
    const query = new Map(specific.map((s) => [s, 1]));
    const best = rankSentences(plan.corpus, query, (sentence) => !reserved.has(sentence.key) && specific.some((s) => sentence.stems.has(s)))[0];
    if (best !== undefined) reserved.set(best.key, index);
  }
  return reserved;
}

const EXAMPLE_CUE = /\b(?:for example|for instance|such as|e\.g\.|including|like)\b/i;

/** Whether an objective asks to understand something or to use it. */
function objectiveKind(objective: string): 'concept' | 'application' | 'other' {
  const verb = splitObjective(objective).verb.toLowerCase();
  if (['describe', 'explain', 'define', 'summarise', 'summarize', 'list', 'recognise', 'recognize'].includes(verb)) return 'concept';
  if (['give', 'apply', 'use', 'identify', 'design', 'plan', 'practise', 'practice', 'demonstrate'].includes(verb)) return 'application';
  return 'other';
}

interface Plan {
  mode: RewriteMode;
  audience: Audience;
  corpus: Corpus;
  /** Sentence keys of the previous version, to move away from. */
  avoid: ReadonlySet<string>;
  /** Flips attribution and phrasing choices between versions. */
  variant: number;
  /** Stems of the audience's roles: "as a warehouse operative" says who, not what about. */
  roleStems: ReadonlySet<string>;
}

function blocksToText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `${'#'.repeat(block.level)} ${block.text}`;
        case 'markdown':
        case 'callout':
          return block.markdown;
        case 'code':
          return block.code;
        case 'image':
          return block.alt;
        case 'quiz':
          return block.questions.map((question) => question.prompt).join('\n');
        case 'flashcards':
          return block.cards.map((card) => `${card.front}: ${card.back}`).join('\n');
      }
      return '';
    })
    .join('\n\n');
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function simplify(sentence: string): string {
  return endSentence(
    sentence
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/\s*[—–]\s[^—–]+[—–]\s*/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

const DETERMINERS = new Set(['a', 'an', 'the', 'most', 'many', 'every', 'each', 'all', 'some', 'no', 'any', 'few', 'several', 'both']);

/** "According to Dr Shah, a near miss is …" when the sentence opens with a determiner, else a quote. */
function attribute(sentence: string, smeName: string): string {
  const first = words(sentence)[0] ?? '';
  if (DETERMINERS.has(first) && !isAcronym(sentence.split(/\s+/)[0] ?? '')) return `According to ${smeName}, ${lowerFirst(sentence)}`;
  return `As ${smeName} puts it: “${stripFinalPunctuation(sentence)}${/[?!]$/.test(sentence.trim()) ? '' : '.'}”`;
}

/** The noun phrase a lesson is about: a defined term in its title, else its main phrase. */
function lessonSubject(title: string, corpus: Corpus): string {
  const titleStems = new Set(contentStems(title));
  const defined = corpus.definitions.find((definition) => {
    const stems = contentStems(definition.term);
    return stems.length > 0 && stems.every((s) => titleStems.has(s));
  });
  if (defined !== undefined) return defined.term;
  if (!/^(what|why|how|when|where|which|who)\b/i.test(title) && words(title).length <= 5 && !/[?:]/.test(title)) return lowerFirst(title.trim());
  const cleaned = title.replace(/^(what|why|how|when)\s+(is|are|do|does)?\s*/i, '').replace(/[?.!:]+$/, '');
  const phrase = keyPhrases([cleaned]).sort((a, b) => b.words - a.words || b.score - a.score)[0];
  return phrase?.phrase ?? lowerFirst(cleaned);
}

function writeIntro(input: LessonBodyInput, plan: Plan): string {
  const { course, lesson, module } = input;
  const outcome = endSentence(lowerFirst(course.desiredOutcome.trim()));
  const lines = [`This lesson, “${lesson.title}”, is part of the module “${module.title}” and builds towards the course outcome: ${outcome}`];
  if (!plan.mode.shorter) {
    const { audience } = plan;
    const forWhom =
      audience.roles.length > 1
        ? `for ${joinList(audience.roles.map((role) => `${role}s`))}`
        : audience.role === null
          ? 'for you'
          : `for you as ${audience.role}`;
    const prior = audience.priorKnowledge === '' ? '' : ` (${lowerFirst(stripFinalPunctuation(audience.priorKnowledge))})`;
    const levelNote =
      audience.level === 'beginner' || plan.mode.simpler
        ? 'so it starts from the basics'
        : audience.level === 'advanced'
          ? `and assumes solid prior knowledge${prior}, so it concentrates on judgement and application`
          : `and builds on what you already know${prior}`;
    lines.push(`It is written ${forWhom}, ${levelNote}.`);
    if (audience.goals !== '') lines.push(`Keep your goal in mind: ${endSentence(lowerFirst(audience.goals))}`);
  }
  const objectives = lesson.objectives.map((objective) => `- ${lowerFirst(stripFinalPunctuation(objective))}`);
  return objectives.length === 0
    ? lines.join(' ')
    : `${lines.join(' ')}\n\nBy the end of this lesson you will be able to:\n\n${objectives.join('\n')}`;
}

interface Section {
  heading: string;
  markdown: string;
  /** The sentence that best states the section's point, for the takeaways. */
  lead: string | null;
}

/**
 * The source sentences for one objective: ranked by weighted overlap with the objective and
 * the lesson title, with a bonus for the best-matching section, definitions (for "describe")
 * and steps or examples (for "apply"); in source order, procedures kept whole.
 */
function selectSentences(
  objective: string,
  input: LessonBodyInput,
  plan: Plan,
  query: ReadonlyMap<string, number>,
  available: (key: string) => boolean,
  remaining: number,
): CorpusSentence[] {
  const { corpus, mode } = plan;
  const kind = objectiveKind(objective);
  const definitionSentences = new Set(
    corpus.definitions
      .filter((definition) => contentStems(definition.term).every((s) => (query.get(s) ?? 0) >= 1))
      .map((definition) => normalizeKey(definition.sentence)),
  );
  const ranked = rankSentences(
    corpus,
    query,
    (sentence) => available(sentence.key) && [...sentence.stems, ...sentence.sectionStems].some((s) => (query.get(s) ?? 0) >= 1),
  );
  const rankedSet = new Set(ranked);
  const topSection = ranked[0]?.section;
  const topScore = ranked[0] === undefined ? 0 : relevance(ranked[0], query, corpus);
  const scored = corpus.sentences
    .filter(
      (sentence) =>
        isQuotable(sentence) && available(sentence.key) && (rankedSet.has(sentence) || (topSection !== undefined && sentence.section === topSection)),
    )
    .map((sentence) => {
      let score = relevance(sentence, query, corpus);
      if (topSection !== undefined && sentence.section === topSection) score += 0.4 * topScore;
      if (kind === 'concept' && definitionSentences.has(sentence.key)) score += 0.5 * topScore;
      if (kind === 'application' && (sentence.fromList || EXAMPLE_CUE.test(sentence.text))) score += 0.4 * topScore;
      if (plan.avoid.has(sentence.key)) score *= 0.55;
      if (mode.simpler) score /= 1 + Math.max(0, sentence.wordCount - 16) / 12;
      return { sentence, score };
    })
    .sort((a, b) => b.score - a.score || a.sentence.order - b.sentence.order);
  const best = scored[0]?.score ?? 0;
  // Share thin material between the sections still to write, so each gets something.
  const titleQuery = buildQuery([[input.lesson.title, 1]]);
  const pool = corpus.sentences.filter(
    (sentence) => isQuotable(sentence) && available(sentence.key) && relevance(sentence, titleQuery, corpus) > 0,
  ).length;
  const share = Math.max(1, Math.floor(pool / Math.max(1, remaining)));
  const wanted = Math.min(share, mode.shorter ? 1 : mode.longer ? 5 : mode.simpler ? 2 : 3);
  const chosen: CorpusSentence[] = scored
    .filter(({ score }) => score >= best * 0.25)
    .slice(0, wanted)
    .map(({ sentence }) => sentence);
  // Keep a procedure's steps together (unless asked for a shorter lesson).
  const runs = new Set(mode.shorter ? [] : chosen.filter((sentence) => sentence.fromList).map((sentence) => sentence.run));
  for (const sentence of corpus.sentences)
    if (runs.has(sentence.run) && available(sentence.key) && !chosen.includes(sentence) && isQuotable(sentence)) chosen.push(sentence);
  return chosen.sort((a, b) => a.order - b.order);
}

function writeSection(
  objective: string,
  index: number,
  input: LessonBodyInput,
  plan: Plan,
  used: Set<string>,
  reserved: ReadonlyMap<string, number>,
  remaining: number,
): Section {
  /** Not quoted yet, and not the sentence another objective is specifically about. */
  const available = (key: string) => !used.has(key) && (reserved.get(key) ?? index) === index;
  const { corpus, mode } = plan;
  const heading = headingForObjective(objective);
  const kind = objectiveKind(objective);
  const query = buildQuery([
    [input.lesson.title, 1],
    [mode.focus, 1.5],
  ]);
  const titleStems = new Set(contentStems(input.lesson.title));
  for (const s of contentStems(objective)) query.set(s, Math.max(query.get(s) ?? 0, isFiller(s, plan) ? 0.25 : titleStems.has(s) ? 2 : 3.5));
  const chosen = selectSentences(objective, input, plan, query, available, remaining);
  for (const sentence of chosen) used.add(sentence.key);

  const render = (sentence: CorpusSentence) => (mode.simpler ? simplify(sentence.text) : endSentence(sentence.text));
  const prose = chosen.filter((sentence) => !sentence.fromList);
  const steps = chosen.filter((sentence) => sentence.fromList);
  const parts: string[] = [];
  if (prose.length > 0) {
    const [first, ...rest] = prose;
    const attributeFirst = first !== undefined && first.smeName !== '' && (index + plan.variant) % 2 === 0;
    const opening = first === undefined ? '' : attributeFirst ? attribute(render(first), first.smeName) : render(first);
    parts.push([opening, ...rest.map(render)].join(' '));
  }
  if (steps.length > 0) parts.push(steps.map((sentence) => `- ${render(sentence)}`).join('\n'));
  if (chosen.length === 0) {
    // Nothing (left) in the sources for this objective: frame it as reflection on the sections above.
    const subject = lessonSubject(input.lesson.title, corpus);
    const role = plan.audience.role === null ? 'in your own work' : `in your work as ${plan.audience.role}`;
    if (kind === 'application' && corpus.sentences.length > 0)
      parts.push(
        `Put the ideas above to work. Think of a recent task ${role} where ${subject} mattered: what did you do, and what would you do differently now? Note the situation, what made it difficult and the step you would change.`,
      );
    else
      parts.push(
        `Think about how ${subject} shows up ${role}: what you already do well, and what could go wrong. Write down one situation where this matters to you.`,
        '> Note for the author: the sources do not cover this objective directly yet. Add or extend an SME document to ground this section.',
      );
  }
  if (mode.examples) {
    const examples = rankSentences(corpus, query, (sentence) => available(sentence.key) && EXAMPLE_CUE.test(sentence.text)).slice(0, 2);
    for (const example of examples) used.add(example.key);
    const subject = lessonSubject(input.lesson.title, corpus);
    const lines = examples.map((example) => `- ${render(example)}`);
    if (lines.length === 0) {
      const who = plan.audience.role === null ? 'you' : plan.audience.role;
      const prompts = [
        `- Think of a task from your own week where ${subject} comes into play, and describe what ${who} should do.`,
        `- Picture a new colleague facing this for the first time: what would you show them first about ${subject}?`,
        `- Recall a time when ${subject} went wrong or nearly went wrong: what would have prevented it?`,
      ];
      lines.push(prompts[index % prompts.length] ?? '');
    }
    parts.push(`**Examples**\n\n${lines.join('\n')}`);
  }
  const lead = chosen.slice().sort((a, b) => a.wordCount - b.wordCount)[0];
  return { heading, markdown: parts.join('\n\n'), lead: lead === undefined ? null : endSentence(lead.text) };
}

/** Definitions of the terms a lesson uses, most relevant first. */
function lessonDefinitions(input: LessonBodyInput, corpus: Corpus): Corpus['definitions'] {
  const lessonStems = new Set(contentStems([input.lesson.title, ...input.lesson.objectives].join(' ')));
  return corpus.definitions.filter((definition) => {
    const stems = contentStems(definition.term);
    return stems.length > 0 && stems.every((s) => lessonStems.has(s));
  });
}

/** For "simpler": the lesson's terms in plain words, before the sections that use them. */
function writeGlossary(input: LessonBodyInput, plan: Plan): string | null {
  const definitions = lessonDefinitions(input, plan.corpus);
  const lessonStems = new Set(contentStems([input.lesson.title, ...input.lesson.objectives].join(' ')));
  const nearby = plan.corpus.definitions.filter(
    (definition) => !definitions.includes(definition) && contentStems(definition.sentence).some((s) => lessonStems.has(s)),
  );
  const items = [...definitions, ...nearby].slice(0, 4);
  if (items.length === 0) return null;
  const lines = items.map(
    (definition) => `- **${isAcronym(definition.term) ? definition.term : capitalizeFirst(definition.term)}**: ${simplify(definition.definition)}`,
  );
  return `## Words to know\n\n${lines.join('\n')}`;
}

function writeTakeaways(input: LessonBodyInput, plan: Plan, sections: readonly Section[]): string {
  const items: string[] = [];
  const seen = new Set<string>();
  const add = (text: string, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    items.push(text);
  };
  for (const definition of lessonDefinitions(input, plan.corpus)) {
    const term = isAcronym(definition.term) ? definition.term : capitalizeFirst(definition.term);
    add(`**${term}**: ${endSentence(definition.definition)}`, normalizeKey(definition.sentence));
  }
  for (const section of sections) if (section.lead !== null) add(section.lead, normalizeKey(section.lead));
  if (items.length === 0) for (const objective of input.lesson.objectives) add(`You can ${lowerFirst(endSentence(objective))}`, objective);
  const limit = plan.mode.shorter ? 3 : plan.mode.longer ? 6 : 4;
  return `## Key takeaways\n\n${items
    .slice(0, limit)
    .map((item) => `- ${item}`)
    .join('\n')}`;
}

function exerciseStep(objective: string): string {
  const { verb } = splitObjective(objective);
  const sentence = stripFinalPunctuation(objective);
  switch (verb.toLowerCase()) {
    case 'describe':
    case 'explain':
    case 'define':
    case 'summarise':
    case 'summarize':
      return `${sentence}, in two or three sentences of your own.`;
    case 'recognise':
    case 'recognize':
      return `In two or three sentences, explain ${splitObjective(objective).rest}.`;
    case 'list':
      return `${sentence}, as a short bullet list.`;
    case 'identify':
    case 'give':
      return `${sentence}. Write it down in a sentence or two.`;
    case 'apply':
    case 'use':
      return `${sentence}: write down each step you would take.`;
    case 'compare':
      return `${sentence}, noting one similarity and one difference.`;
    case 'analyse':
    case 'analyze':
      return `${sentence}, noting what causes what.`;
    case 'evaluate':
    case 'justify':
    case 'critique':
      return `${sentence}, and note the evidence you relied on.`;
    case 'design':
    case 'plan':
    case 'adapt':
      return `${sentence}, then check it against the key takeaways.`;
    default:
      return endSentence(sentence);
  }
}

function writeExercise(input: LessonBodyInput, plan: Plan): string {
  const subject = lessonSubject(input.lesson.title, plan.corpus);
  const role = plan.audience.role === null ? 'your own work' : `your work as ${plan.audience.role}`;
  const steps = input.lesson.objectives.slice(0, plan.mode.shorter ? 2 : 4).map(exerciseStep);
  if (steps.length === 0) steps.push(`Explain ${subject} to a colleague in your own words.`);
  if (plan.mode.examples) steps.push(`Find one more example of ${subject} from ${role} and explain how the guidance in this lesson applies to it.`);
  const experts = [...new Set(plan.corpus.sentences.map((sentence) => sentence.smeName).filter((name) => name !== ''))];
  const check =
    experts.length === 0 ? 'the sections above' : `the sections above and what ${joinList(experts)} recommend${experts.length === 1 ? 's' : ''}`;
  return [
    '## Try it',
    `Pick a real task from ${role} that involves ${subject}.`,
    steps.map((step, index) => `${index + 1}. ${step}`).join('\n'),
    `When you are done, compare your notes with ${check}.`,
  ].join('\n\n');
}

function compose(input: LessonBodyInput, plan: Plan): string {
  const used = new Set<string>();
  const objectives = input.lesson.objectives.length > 0 ? input.lesson.objectives : [`Explain ${lowerFirst(input.lesson.title)}`];
  const reserved = reserveSentences(objectives, input, plan);
  const sections: Section[] = [];
  const headings = new Set<string>();
  for (const [index, objective] of objectives.entries()) {
    const section = writeSection(objective, index, input, plan, used, reserved, objectives.length - index);
    const key = section.heading.toLowerCase();
    sections.push(headings.has(key) ? { ...section, heading: `${section.heading} (${index + 1})` } : section);
    headings.add(key);
  }
  const glossary = plan.mode.simpler ? writeGlossary(input, plan) : null;
  return [
    writeIntro(input, plan),
    ...(glossary === null ? [] : [glossary]),
    ...sections.map((section) => `## ${section.heading}\n\n${section.markdown}`),
    writeTakeaways(input, plan, sections),
    writeExercise(input, plan),
  ].join('\n\n');
}

const sameText = (a: string, b: string) => normalizeKey(a) === normalizeKey(b);

/**
 * Writes a lesson body in Markdown from the SME sources: an introduction tied to the course
 * outcome and audience, one `##` section per objective built from the most relevant source
 * sentences, key takeaways and a "Try it" exercise. A regeneration honours simple
 * instructions ("shorter", "simpler", "more examples") and always differs from `previous`.
 */
export function writeLessonBody(input: LessonBodyInput): string {
  const corpus = buildCorpus(sourceDocuments(input.sources));
  const previousText = input.previous === undefined ? '' : blocksToText(input.previous);
  const previousKeys = new Set(buildCorpus([{ markdown: previousText, smeName: '', documentTitle: '' }]).sentences.map((sentence) => sentence.key));
  const audience = audienceOf(input.course);
  const roleStems = new Set(audience.roles.flatMap((role) => contentStems(role)));
  const base: Plan = { mode: parseInstruction(input.instruction), audience, corpus, avoid: new Set(), variant: 0, roleStems };
  const first = compose(input, base);
  if (previousText === '' || !sameText(first, previousText)) return first;
  const second = compose(input, { ...base, avoid: previousKeys, variant: 1 });
  if (!sameText(second, previousText)) return second;
  return `${second}\n\n## Reflect\n\nWhat will you do differently after this lesson? Write one sentence and share it with a colleague.`;
}
