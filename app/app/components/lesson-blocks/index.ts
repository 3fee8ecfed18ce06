/**
 * Lesson rendering shared by the learner's lesson player and the author's preview.
 *
 * ```tsx
 * <LessonBlocks blocks={lesson.blocks} />                      // preview: quizzes graded locally
 * <LessonBlocks blocks={lesson.blocks} quizGrading={grading} /> // learner: graded by the API
 * ```
 * Link `app/styles/learning.css` from the route's `links` export for the styles.
 */
export { LessonBlocks, type LessonBlocksProps } from './lesson-blocks';
export { Markdown } from './markdown';
export { ProgressMeter } from './progress-meter';
export { gradeLocally, type LessonBlock, QUIZ_PASS_MARK, type QuizAnswers, type QuizGrading, type QuizResult } from './types';
