import { type CourseScore, coverage, headingAgreement, supported } from './score.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** The harness's table, one row per document and a total, as Markdown (it reads in a terminal too). */
export function scoreTable(rows: ReadonlyArray<{ name: string; score: CourseScore }>): string {
  const total: CourseScore = {
    modules: 0,
    lessons: 0,
    keyFacts: 0,
    missingFacts: [],
    sentences: 0,
    unsupported: [],
    headingSections: 0,
    disagreeingHeadings: [],
    repeatedQuestions: [],
    repeatedFlashcards: [],
    malformedTitles: [],
    ungroundedQuestions: [],
  };
  for (const { score } of rows) {
    total.modules += score.modules;
    total.lessons += score.lessons;
    total.keyFacts += score.keyFacts;
    total.sentences += score.sentences;
    total.headingSections += score.headingSections;
    total.missingFacts.push(...score.missingFacts);
    total.unsupported.push(...score.unsupported);
    total.disagreeingHeadings.push(...score.disagreeingHeadings);
    total.repeatedQuestions.push(...score.repeatedQuestions);
    total.repeatedFlashcards.push(...score.repeatedFlashcards);
    total.malformedTitles.push(...score.malformedTitles);
    total.ungroundedQuestions.push(...score.ungroundedQuestions);
  }
  const header =
    '| Document | Modules / lessons | Key facts covered | Supported sentences | Heading agreement | Repeated Q / cards | Malformed titles | Ungrounded questions |';
  const line = (name: string, s: CourseScore) =>
    `| ${name} | ${s.modules} / ${s.lessons} | ${percent(coverage(s))} (${s.keyFacts - s.missingFacts.length}/${s.keyFacts}) | ${percent(supported(s))} | ${percent(headingAgreement(s))} | ${s.repeatedQuestions.length} / ${s.repeatedFlashcards.length} | ${s.malformedTitles.length} | ${s.ungroundedQuestions.length} |`;
  return [
    header,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(({ name, score }) => line(name, score)),
    line('**All**', total),
  ].join('\n');
}
