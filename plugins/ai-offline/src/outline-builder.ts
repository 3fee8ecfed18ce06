import type { CourseBrief, OutlineDraft, OutlineLessonDraft, SourceChunk } from '@mirai/sdk-plugin';
import { audienceOf, gerund, writeObjectives } from './learning-design.ts';
import { buildCorpus, type Corpus, sourceDocuments } from './source-corpus.ts';
import {
  capitalizeFirst,
  clip,
  contentStems,
  isAcronym,
  isStopWord,
  keyPhrases,
  looksPlural,
  lowerFirst,
  normalizeKey,
  words,
} from './text-analysis.ts';

/** 0 foundational, 1 core, 2 applied. */
type Stage = 0 | 1 | 2;

interface Topic {
  /** How the topic reads as a lesson title on its own. */
  title: string;
  /** Noun phrase for templates ("risk assessment"). */
  subject: string;
  article: string;
  defined: boolean;
  whClause: string | null;
  stems: ReadonlySet<string>;
  stage: Stage;
  order: number;
  related: string[];
}

interface PlannedLesson {
  title: string;
  topic: Topic;
  stage: Stage;
  round: number;
}

const FOUNDATIONAL_CUES = new Set(
  'what why introduction intro overview basic basics fundamental fundamentals principle principles definition definitions meaning mean understand background concept concepts terminology glossary history'
    .split(' ')
    .flatMap(contentStems),
);
const APPLIED_CUES = new Set(
  'practice practical apply applying application technique techniques procedure procedures step steps how plan planning checklist case scenario scenarios review reviewing report reporting implement implementing manage managing troubleshooting aids tools workflow exercise examples safe'
    .split(' ')
    .flatMap(contentStems),
);

function cueStage(text: string): Stage | null {
  const stems = contentStems(text);
  const lower = text.trim().toLowerCase();
  if (/^(what|why)\b/.test(lower) || stems.some((s) => FOUNDATIONAL_CUES.has(s))) return 0;
  if (/^how\b/.test(lower) || stems.some((s) => APPLIED_CUES.has(s))) return 2;
  return null;
}

const isSubset = (small: ReadonlySet<string>, big: ReadonlySet<string>) => small.size > 0 && [...small].every((s) => big.has(s));

/**
 * The noun phrase a heading is about: a term the material defines inside it, else the
 * heading itself when short, else its longest key phrase.
 */
function subjectOfHeading(heading: string, corpus: Corpus): { subject: string; article: string; defined: boolean } {
  const stems = new Set(contentStems(heading));
  const defined = corpus.definitions.find((definition) => isSubset(new Set(contentStems(definition.term)), stems));
  const cleaned = cleanHeading(heading);
  if (defined !== undefined) {
    const surface = surfaceIn(cleaned, defined.term);
    return surface !== null && looksPlural(surface) && !looksPlural(defined.term)
      ? { subject: surface, article: '', defined: true }
      : { subject: defined.term, article: defined.article, defined: true };
  }
  if (words(cleaned).length <= 5 && !/[:?]/.test(cleaned) && !isStopWord(words(cleaned)[0] ?? ''))
    return { subject: lowerFirst(cleaned), article: '', defined: false };
  const inside = corpus.phrases
    .filter((phrase) => isSubset(new Set(phrase.key.split(' ')), stems))
    .sort((a, b) => b.words - a.words || b.score - a.score || a.first - b.first)[0];
  return { subject: inside?.phrase ?? lowerFirst(cleaned), article: '', defined: false };
}

/** How a heading writes a term, e.g. "team lifts" for the term "team lift". */
function surfaceIn(heading: string, term: string): string | null {
  const headingWords = heading.split(/\s+/);
  const termStems = contentStems(term);
  for (let start = 0; start + termStems.length <= headingWords.length; start += 1) {
    const window = headingWords.slice(start, start + termStems.length);
    if (window.map((word) => contentStems(word).join(' ')).join(' ') === termStems.join(' '))
      return lowerFirst(window.join(' ').replace(/[^\p{L}\p{N}]+$/u, ''));
  }
  return null;
}

function cleanHeading(heading: string): string {
  return capitalizeFirst(
    heading
      .replace(/^(?:\d+(?:\.\d+)*[.)]?|step\s+\d+[:.)-]?|part\s+\d+[:.)-]?)\s+/i, '')
      .replace(/[:\s]+$/, '')
      .trim(),
  );
}

function termTitle(subject: string, article: string, stage: Stage): string {
  if (stage === 2) return `${capitalizeFirst(subject)} in practice`;
  if (looksPlural(subject)) return `What are ${subject}?`;
  return `What is ${article === '' || isAcronym(subject) ? '' : `${article} `}${subject}?`;
}

/** Terms and phrases of a section (with the article the source uses), for "related" objectives. */
function relatedIn(sectionTitle: string, own: ReadonlySet<string>, corpus: Corpus): string[] {
  const sectionText = corpus.sentences
    .filter((sentence) => sentence.section === sectionTitle)
    .map((sentence) => sentence.text)
    .join(' ');
  const candidates = [
    ...corpus.definitions
      .filter((definition) => definition.section === sectionTitle)
      .map((definition) => (definition.article === '' ? definition.term : `${definition.article} ${definition.term}`)),
    ...corpus.bold.filter((entry) => entry.section === sectionTitle).map((entry) => entry.term),
    ...keyPhrases([sectionText])
      .filter((phrase) => phrase.count >= 2 && phrase.words >= 2)
      .slice(0, 4)
      .map((phrase) => phrase.phrase),
  ];
  const related: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const stems = contentStems(candidate);
    const key = stems.join(' ');
    if (stems.length === 0 || stems.some((s) => own.has(s)) || seen.has(key)) continue;
    seen.add(key);
    related.push(candidate);
  }
  return related;
}

function collectTopics(course: CourseBrief, corpus: Corpus): Topic[][] {
  const excluded = new Set([normalizeKey(course.title), ...corpus.sections.map((section) => normalizeKey(section.documentTitle))]);
  const sectionStage = new Map<string, Stage>();
  const sectionOrder = new Map<string, number>();
  const headings: Topic[] = [];
  for (const section of corpus.sections) {
    if (section.text.length === 0 || excluded.has(normalizeKey(section.title))) continue;
    const stage = cueStage(section.title) ?? 1;
    sectionStage.set(section.title, stage);
    sectionOrder.set(section.title, section.order);
    const { subject, article, defined } = subjectOfHeading(section.title, corpus);
    const title = cleanHeading(section.title);
    const stems = new Set(contentStems(section.title));
    headings.push({
      title,
      subject,
      article,
      defined,
      whClause: /^(what|why|how|when)\b/i.test(title) ? lowerFirst(title) : null,
      stems,
      stage,
      order: section.order,
      related: relatedIn(section.title, new Set(contentStems(subject)), corpus),
    });
  }
  const termTopic = (term: string, article: string, section: string, order: number, defined: boolean): Topic => {
    const stage: Stage = cueStage(term) ?? sectionStage.get(section) ?? (defined ? 0 : 1);
    const stems = new Set(contentStems(term));
    const sectionStart = sectionOrder.get(section);
    return {
      title: defined ? termTitle(term, article, stage) : stage === 2 ? `${capitalizeFirst(term)} in practice` : `Understanding ${term}`,
      subject: term,
      article,
      defined,
      whClause: null,
      stems,
      stage,
      order: sectionStart === undefined ? order : sectionStart - 0.5,
      related: relatedIn(section, stems, corpus),
    };
  };
  const boldKeys = new Set(corpus.bold.map((entry) => normalizeKey(entry.term)));
  const definitions = corpus.definitions.map((definition) => ({
    topic: termTopic(definition.term, definition.article, definition.section, definition.order, true),
    bold: boldKeys.has(normalizeKey(definition.term)),
  }));
  const definedKeys = new Set(corpus.definitions.map((definition) => normalizeKey(definition.term)));
  const boldOnly = corpus.bold
    .filter((entry) => !definedKeys.has(normalizeKey(entry.term)))
    .map((entry) => {
      const sentence = corpus.sentences.find((candidate) => candidate.section === entry.section && candidate.key.includes(normalizeKey(entry.term)));
      return termTopic(entry.term, '', entry.section, sentence?.order ?? 0, false);
    });
  // Single words ("load", "heavy") make poor lessons: only repeated multi-word phrases and acronyms.
  const frequent = corpus.phrases
    .filter((phrase) => (phrase.count >= 2 && phrase.words >= 2) || (phrase.count >= 2 && isAcronym(phrase.phrase)))
    .slice(0, 40);
  const phrases = frequent.map((phrase) => {
    const sentence = corpus.sentences.find((candidate) => candidate.key.includes(normalizeKey(phrase.phrase)));
    return termTopic(phrase.phrase, '', sentence?.section ?? '', sentence?.order ?? phrase.first, false);
  });
  return [
    headings,
    definitions.filter((entry) => entry.bold).map((entry) => entry.topic),
    definitions.filter((entry) => !entry.bold).map((entry) => entry.topic),
    boldOnly,
    phrases,
  ];
}

/** A topic whose section names no other term is related to its neighbour in the course. */
function linkNeighbours(topics: readonly Topic[]): void {
  const inOrder = [...topics].sort((a, b) => a.stage - b.stage || a.order - b.order);
  for (const [index, topic] of inOrder.entries()) {
    if (topic.related.length > 0) continue;
    const neighbour = inOrder[index - 1] ?? inOrder[index + 1];
    if (neighbour === undefined || neighbour.subject.toLowerCase() === topic.subject.toLowerCase()) continue;
    topic.related.push(neighbour.article === '' ? neighbour.subject : `${neighbour.article} ${neighbour.subject}`);
  }
}

/** Picks `count` items spread evenly over a list that is in source order. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const picked: T[] = [];
  for (let index = 0; index < count; index += 1) {
    const item = items[Math.floor((index * items.length) / count)];
    if (item !== undefined) picked.push(item);
  }
  return picked;
}

function chooseTopics(tiers: Topic[][], wanted: number): Topic[] {
  const chosen: Topic[] = [];
  const overlaps = (topic: Topic) => chosen.some((other) => isSubset(topic.stems, other.stems) || isSubset(other.stems, topic.stems));
  for (const [tierIndex, tier] of tiers.entries()) {
    const fresh = tier.filter(
      (topic, index) => topic.stems.size > 0 && !overlaps(topic) && tier.findIndex((t) => isSubset(t.stems, topic.stems)) === index,
    );
    const room = wanted - chosen.length;
    if (room <= 0) break;
    const isPhraseTier = tierIndex === tiers.length - 1;
    for (const topic of isPhraseTier ? fresh : spread(fresh, room)) {
      if (chosen.length >= wanted) break;
      if (!overlaps(topic)) chosen.push(topic);
    }
  }
  return chosen;
}

/** Extra lessons when the material has fewer topics than lessons asked for. */
const FACETS: ReadonlyArray<{ title: (subject: string) => string; stage: Stage }> = [
  { title: (s) => `${capitalizeFirst(s)} in practice`, stage: 2 },
  { title: (s) => `Common mistakes with ${s}`, stage: 2 },
  { title: (s) => `${capitalizeFirst(s)}: a worked example`, stage: 2 },
  { title: (s) => `Checking your understanding of ${s}`, stage: 2 },
  { title: (s) => `Key questions about ${s}`, stage: 1 },
];

function planLessons(topics: readonly Topic[], wanted: number): PlannedLesson[] {
  const lessons: PlannedLesson[] = topics.map((topic) => ({ title: topic.title, topic, stage: topic.stage, round: 0 }));
  const used = new Set(lessons.map((lesson) => lesson.title.toLowerCase()));
  for (let round = 1; lessons.length < wanted && round <= wanted * FACETS.length; round += 1) {
    const facet = FACETS[(round - 1) % FACETS.length];
    if (facet === undefined) break;
    for (const topic of topics) {
      if (lessons.length >= wanted) break;
      const base = facet.title(topic.subject);
      const title = round <= FACETS.length ? base : `${base} (part ${Math.ceil(round / FACETS.length)})`;
      if (used.has(title.toLowerCase())) continue;
      used.add(title.toLowerCase());
      lessons.push({ title, topic, stage: facet.stage, round });
    }
  }
  return lessons.sort((a, b) => a.stage - b.stage || a.round - b.round || a.topic.order - b.topic.order);
}

function moduleTitle(lessons: readonly PlannedLesson[], position: { first: boolean; last: boolean }, subject: string, used: Set<string>): string {
  const stages = lessons.map((lesson) => lesson.stage);
  const majority = ([0, 1, 2] as const).reduce((best, stage) =>
    stages.filter((s) => s === stage).length > stages.filter((s) => s === best).length ? stage : best,
  );
  const stage: Stage =
    position.first && stages.includes(0) ? 0 : position.last && stages.includes(2) ? 2 : majority === 2 && position.first ? 1 : majority;
  const subjects = [...new Set(lessons.map((lesson) => lesson.topic.subject))];
  const a = subjects[0] ?? subject;
  const b = subjects[1];
  const pair = b === undefined || a.length + b.length > 48 ? capitalizeFirst(a) : `${capitalizeFirst(a)} and ${b}`;
  const candidates: Record<Stage, string[]> = {
    0: [`Foundations of ${subject}`, `Key concepts: ${pair}`, `Understanding ${pair}`, pair],
    1: [pair, `Working with ${a}`, `Understanding ${pair}`],
    2: [`Putting ${subject} into practice`, `${pair} in practice`, `Applying ${a}`],
  };
  for (const candidate of candidates[stage]) {
    if (!used.has(candidate.toLowerCase())) {
      used.add(candidate.toLowerCase());
      return candidate;
    }
  }
  for (let part = 2; ; part += 1) {
    const candidate = `${pair}, part ${part}`;
    if (!used.has(candidate.toLowerCase())) {
      used.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

const LEARNER_SUBJECT =
  /^(?:(?:all|new|our|the)\s+)?(?:learners?|staff|students?|participants?|employees?|users?|people|teams?|managers?|everyone|you|they|authors?)\s+(?:(?:can|will|should|are able to|be able to|must)\s+)?/i;

/** "lift, carry and move loads safely" → "lifting, carrying and moving loads safely". */
function gerundClause(clause: string): string | null {
  const pieces = clause.split(/(,\s*|\s+and\s+)/);
  const first = words(pieces[0] ?? '')[0] ?? '';
  if (first.length < 2 || isStopWord(first) || /(ion|ment|ness|ity|ing|[^s]s)$/.test(first)) return null;
  let allSingle = true;
  return pieces
    .map((piece, index) => {
      if (index % 2 === 1 || !allSingle) return piece;
      const [verb = '', ...rest] = piece.trim().split(/\s+/);
      allSingle = rest.length === 0;
      return [gerund(verb).toLowerCase(), ...rest].join(' ');
    })
    .join('');
}

/**
 * Topics when there are no sources: the title's main phrase, then one applied topic per
 * clause of the desired outcome ("Assessing handling risks with TILE").
 */
function briefTopics(course: CourseBrief, corpus: Corpus): Topic[] {
  const titlePhrase = keyPhrases([course.title]).sort((a, b) => b.words - a.words || b.score - a.score)[0]?.phrase ?? lowerFirst(course.title.trim());
  const topics: Topic[] = [];
  if (titlePhrase.length > 0)
    topics.push({
      title: `Understanding ${titlePhrase}`,
      subject: titlePhrase,
      article: '',
      defined: false,
      whClause: null,
      stems: new Set(contentStems(titlePhrase)),
      stage: 0,
      order: 0,
      related: [],
    });
  const outcome = course.desiredOutcome
    .trim()
    .replace(/[.!]+$/, '')
    .replace(LEARNER_SUBJECT, '');
  const clauses: string[] = [];
  const pieces = outcome.split(/\s*[;,]\s*(?:and\s+)?/).flatMap((piece) => piece.split(/(?<=\S+\s+\S+)\s+and\s+(?=\S+\s+\S+\s+\S+)/));
  for (const raw of pieces) {
    const clause = raw.trim();
    if (clause.length === 0) continue;
    const previous = clauses[clauses.length - 1];
    if (previous !== undefined && words(previous).length === 1)
      clauses[clauses.length - 1] = `${previous}${/^and\s/.test(clause) ? ' ' : ', '}${clause}`;
    else clauses.push(clause);
  }
  for (const [index, clause] of clauses.entries()) {
    const action = gerundClause(clause);
    const subject = lowerFirst(action ?? clause);
    const stems = new Set(contentStems(subject));
    if (stems.size === 0 || topics.some((topic) => isSubset(stems, topic.stems))) continue;
    topics.push({
      title: capitalizeFirst(action ?? `Understanding ${clause}`),
      subject,
      article: '',
      defined: false,
      whClause: null,
      stems,
      stage: 2,
      order: index + 1,
      related: [],
    });
  }
  return topics.length > 0 ? topics : collectTopics(course, corpus).flat();
}

/** The course's subject as a noun phrase: a defined term or key phrase in its title, else the title. */
function courseSubject(course: CourseBrief, corpus: Corpus): string {
  const { subject } = subjectOfHeading(course.title, corpus);
  return subject.length > 0 ? subject : lowerFirst(course.title);
}

/**
 * Builds an outline of exactly `moduleCount` × `lessonsPerModule` lessons from the SME
 * material (headings, defined and bold terms, frequent phrases), ordered from foundational
 * to applied. Without sources it works from the course title and desired outcome.
 */
export function buildOutline(course: CourseBrief, sources: readonly SourceChunk[], moduleCount: number, lessonsPerModule: number): OutlineDraft {
  const documents = sourceDocuments(sources).filter((document) => document.markdown.trim().length > 0);
  const corpus = buildCorpus(
    documents.length > 0 ? documents : [{ markdown: `${course.title}.\n\n${course.desiredOutcome}`, smeName: '', documentTitle: '' }],
  );
  const wanted = moduleCount * lessonsPerModule;
  let topics = documents.length > 0 ? chooseTopics(collectTopics(course, corpus), wanted) : briefTopics(course, corpus).slice(0, wanted);
  if (topics.length === 0) {
    const subject = lowerFirst(course.title.trim() || 'the course topic');
    topics = [
      {
        title: `Understanding ${subject}`,
        subject,
        article: '',
        defined: false,
        whClause: null,
        stems: new Set([subject]),
        stage: 0,
        order: 0,
        related: [],
      },
    ];
  }
  linkNeighbours(topics);
  const lessons = planLessons(topics, wanted).slice(0, wanted);
  const seenTitles = new Set<string>();
  for (const lesson of lessons) {
    let title = clip(lesson.title, 150);
    for (let n = 2; seenTitles.has(title.toLowerCase()); n += 1) title = `${clip(lesson.title, 140)} (${n})`;
    seenTitles.add(title.toLowerCase());
    lesson.title = title;
  }
  const audience = audienceOf(course);
  const subject = courseSubject(course, corpus);
  const usedModuleTitles = new Set<string>();
  return {
    modules: Array.from({ length: moduleCount }, (_, moduleIndex) => {
      const planned = lessons.slice(moduleIndex * lessonsPerModule, (moduleIndex + 1) * lessonsPerModule);
      const drafts: OutlineLessonDraft[] = planned.map((lesson) => {
        const related = lesson.topic.related.find((candidate) => candidate.toLowerCase() !== lesson.topic.subject.toLowerCase()) ?? null;
        const richness = related === null ? 2 : lesson.topic.related.length >= 3 && audience.level !== 'beginner' ? 4 : 3;
        return {
          title: lesson.title,
          objectives: writeObjectives(
            {
              subject: lesson.topic.subject,
              article: lesson.topic.article,
              defined: lesson.topic.defined,
              whClause: lesson.round === 0 ? lesson.topic.whClause : null,
              related,
              stage: lesson.stage,
            },
            audience,
            richness,
          ).map((objective) => clip(objective, 300)),
        };
      });
      const position = { first: moduleIndex === 0, last: moduleIndex === moduleCount - 1 };
      return { title: clip(moduleTitle(planned, position, subject, usedModuleTitles), 150), lessons: drafts };
    }),
  };
}
