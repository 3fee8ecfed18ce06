export { type CorpusDocument, excerptsByHeading, loadCorpus } from './corpus.ts';
export { generateCourse, lessonExcerpts, type PipelineOptions } from './pipeline.ts';
export {
  type CourseScore,
  coverage,
  type GeneratedCourse,
  type GeneratedLesson,
  headingAgreement,
  type KeyFact,
  type QuizQuestion,
  scoreCourse,
  supported,
} from './score.ts';
export { scoreTable } from './table.ts';
export { normalize } from './text.ts';
export { hasGluedHeading, malformedTitle, templatedTitles } from './title-rules.ts';
