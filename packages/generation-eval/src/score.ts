import { contentStems, type MarkdownSection, markdownSections, normalize, splitSentences } from './text.ts';
import { hasGluedHeading, malformedTitle, templatedTitles } from './title-rules.ts';

export interface KeyFact {
  id: string;
  fact: string;
  /** All of these must appear in one sentence of one lesson (case and emphasis ignored). */
  terms: string[];
}

export interface QuizQuestion {
  prompt: string;
  choices: string[];
  answerIndex: number;
}

export interface GeneratedLesson {
  title: string;
  objectives: string[];
  /** The lesson body as Markdown (quiz and flashcards excluded). */
  markdown: string;
  /** The excerpts the lesson was grounded in, in the order `[n]` citations count them. */
  sources: Array<{ text: string }>;
  quiz: QuizQuestion[];
  flashcards: Array<{ front: string; back: string }>;
}

export interface GeneratedCourse {
  modules: Array<{ title: string; lessons: GeneratedLesson[] }>;
}

export interface CourseScore {
  modules: number;
  lessons: number;
  keyFacts: number;
  missingFacts: string[];
  sentences: number;
  unsupported: string[];
  headingSections: number;
  disagreeingHeadings: string[];
  repeatedQuestions: string[];
  repeatedFlashcards: string[];
  malformedTitles: string[];
  ungroundedQuestions: string[];
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
export const coverage = (score: CourseScore) => ratio(score.keyFacts - score.missingFacts.length, score.keyFacts);
export const supported = (score: CourseScore) => ratio(score.sentences - score.unsupported.length, score.sentences);
export const headingAgreement = (score: CourseScore) => ratio(score.headingSections - score.disagreeingHeadings.length, score.headingSections);

/** A source document's sentences with the heading each sits under. */
interface SourceLine {
  key: string;
  stems: Set<string>;
  heading: string;
}

function sourceLines(markdown: string, firstHeading = ''): SourceLine[] {
  return markdownSections(markdown, firstHeading).flatMap((section: MarkdownSection) =>
    section.lines.map((line) => ({ key: normalize(line), stems: new Set(contentStems(line)), heading: normalize(section.heading) })),
  );
}

/**
 * The source line that supports a sentence: one containing it word for word (extractive), or
 * one holding at least 80 % of its content words (a faithful paraphrase), else null.
 */
function support(sentence: string, lines: readonly SourceLine[]): SourceLine | null {
  const key = normalize(sentence);
  if (key === '') return null;
  const exact = lines.find((line) => line.key.includes(key));
  if (exact !== undefined) return exact;
  const stems = [...new Set(contentStems(sentence))];
  if (stems.length < 3) return null;
  let best: SourceLine | null = null;
  let bestShare = 0;
  for (const line of lines) {
    const share = stems.filter((s) => line.stems.has(s)).length / stems.length;
    if (share > bestShare) {
      best = line;
      bestShare = share;
    }
  }
  return bestShare >= 0.8 ? best : null;
}

function containsTerm(sentence: string, term: string): boolean {
  const haystack = ` ${normalize(sentence).replace(/[^\p{L}\p{N}°%'-]+/gu, ' ')} `;
  const needle = ` ${normalize(term).replace(/[^\p{L}\p{N}°%'-]+/gu, ' ')} `.replace(/\s+/g, ' ');
  return haystack.replace(/\s+/g, ' ').includes(needle);
}

/** Text a question takes as given: quoted passages, and the cloze sentence with its answer filled in. */
function questionClaims(question: QuizQuestion): string[] {
  const answer = question.choices[question.answerIndex] ?? '';
  const claims = [answer];
  const body = question.prompt.replace(/^fill in the blank:\s*/i, '');
  // The filled-in cloze may carry a lead-in sentence for context: each part must be in the sources.
  if (/_{3,}/.test(body)) claims.push(...splitSentences(body.replace(/_{3,}/, answer)).flatMap((part) => part.split(/:\s+(?=\p{Lu})/u)));
  for (const match of question.prompt.matchAll(/“([^”]{12,})”/g)) if (match[1] !== undefined) claims.push(match[1]);
  return claims;
}

function repeats(items: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const item of items) seen.set(normalize(item), (seen.get(normalize(item)) ?? 0) + 1);
  return [...seen.entries()].filter(([, count]) => count > 1).map(([item, count]) => `${item} (×${count})`);
}

/**
 * Scores one generated course against the documents it was generated from and their key facts.
 * Provider-independent: it reads only the outline, the lesson Markdown, citations, quiz and cards.
 */
export function scoreCourse(course: GeneratedCourse, documents: ReadonlyArray<{ markdown: string; keyFacts: KeyFact[] }>): CourseScore {
  const lessons = course.modules.flatMap((module) => module.lessons);
  const documentLines = documents.flatMap((document) => sourceLines(document.markdown));
  const documentHeadings = documents.flatMap((document) => markdownSections(document.markdown).map((section) => normalize(section.heading)));
  const score: CourseScore = {
    modules: course.modules.length,
    lessons: lessons.length,
    keyFacts: documents.reduce((n, d) => n + d.keyFacts.length, 0),
    missingFacts: [],
    sentences: 0,
    unsupported: [],
    headingSections: 0,
    disagreeingHeadings: [],
    repeatedQuestions: repeats(lessons.flatMap((lesson) => lesson.quiz.map((q) => q.prompt))),
    repeatedFlashcards: repeats(lessons.flatMap((lesson) => lesson.flashcards.map((card) => card.front))),
    malformedTitles: [],
    ungroundedQuestions: [],
  };
  const titles = [...course.modules.map((m) => m.title), ...lessons.map((l) => l.title), ...lessons.flatMap((l) => l.objectives)];
  for (const title of titles) {
    const reason = malformedTitle(title);
    if (reason !== null) score.malformedTitles.push(`${title}: ${reason}`);
  }
  const malformed = new Set(score.malformedTitles);
  for (const templated of templatedTitles(titles)) if (!malformed.has(templated)) score.malformedTitles.push(templated);
  const lessonSentences: string[] = [];
  for (const lesson of lessons) {
    const cited = lesson.sources.map((source) => sourceLines(source.text));
    const all = cited.flat();
    for (const section of markdownSections(lesson.markdown, lesson.title)) {
      const origins = new Set<string>();
      section.lines.forEach((line, index) => {
        score.sentences += 1;
        lessonSentences.push(line);
        const marks = section.citations[index] ?? [];
        const pool = marks.length === 0 ? all : marks.flatMap((mark) => cited[mark - 1] ?? []);
        const found = hasGluedHeading(line) ? null : support(line, pool);
        if (found === null) score.unsupported.push(`${lesson.title}: ${line}`);
        const origin = support(line, documentLines);
        if (origin !== null) origins.add(origin.heading);
      });
      if (section.lines.length === 0) continue;
      score.headingSections += 1;
      const headingStems = new Set(contentStems(section.heading));
      const named = [...origins].some((origin) => origin === normalize(section.heading));
      const aboutIt = contentStems(section.lines.join(' ')).some((s) => headingStems.has(s));
      if (origins.size > 1) score.disagreeingHeadings.push(`${lesson.title} › ${section.heading}: mixes ${[...origins].join(' / ')}`);
      else if (!named && !aboutIt) score.disagreeingHeadings.push(`${lesson.title} › ${section.heading}: its sentences are not about it`);
    }
    for (const question of lesson.quiz)
      if (
        questionClaims(question).some(
          (claim) =>
            support(claim, documentLines) === null &&
            !documentLines.some((l) => containsTerm(l.key, claim)) &&
            !documentHeadings.includes(normalize(claim)),
        )
      )
        score.ungroundedQuestions.push(`${lesson.title}: ${question.prompt}`);
  }
  for (const document of documents)
    for (const fact of document.keyFacts)
      if (!lessonSentences.some((sentence) => fact.terms.every((term) => containsTerm(sentence, term)))) score.missingFacts.push(fact.id);
  return score;
}
