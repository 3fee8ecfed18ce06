import type { Static } from 'typebox';
import type { Course } from '../courses/course-records.ts';
import type { QuizAttempt } from './enrolment.entity.ts';
import { type EnrolmentRecord, lessonOrder } from './enrolments.service.ts';
import type { GradedQuiz } from './grading.ts';
import type { EnrolmentView, LessonProgressView, QuizAttemptView } from './learning.schemas.ts';
import type { CoursePublication } from './publication.entity.ts';

const iso = (date: Date | null | undefined) => (date === null || date === undefined ? null : date.toISOString());

/** Progress of one lesson: completion and, per attempted quiz block, the best attempt. */
export function lessonProgressView(record: EnrolmentRecord, lessonId: string): Static<typeof LessonProgressView> {
  const progress = record.progress.find((p) => p.lessonId === lessonId);
  const byBlock = new Map<string, QuizAttempt[]>();
  for (const attempt of record.attempts.filter((a) => a.lessonId === lessonId))
    byBlock.set(attempt.blockId, [...(byBlock.get(attempt.blockId) ?? []), attempt]);
  return {
    lessonId,
    completedAt: iso(progress?.completedAt),
    quizzes: [...byBlock.entries()].map(([blockId, attempts]) => ({
      blockId,
      attempts: attempts.length,
      bestCorrect: Math.max(...attempts.map((a) => a.correct)),
      total: attempts.at(-1)?.total ?? 0,
      passed: attempts.some((a) => a.passed),
    })),
  };
}

/** An enrolment measured against the newest publication of its course (none: nothing to take yet). */
export function enrolmentView(record: EnrolmentRecord, course: Course, publication: CoursePublication | undefined): Static<typeof EnrolmentView> {
  const order = publication === undefined ? [] : lessonOrder(publication);
  const lessons = order.map((lessonId) => lessonProgressView(record, lessonId));
  const completed = lessons.filter((lesson) => lesson.completedAt !== null);
  return {
    id: record.enrolment.id,
    courseId: course.id,
    courseTitle: publication?.title ?? course.title,
    courseAvailable: course.status === 'published' && publication !== undefined,
    enrolledAt: record.enrolment.enrolledAt.toISOString(),
    completedAt: iso(record.enrolment.completedAt),
    totalLessons: order.length,
    completedLessons: completed.length,
    nextLessonId: lessons.find((lesson) => lesson.completedAt === null)?.lessonId ?? null,
    lessons,
  };
}

export function attemptView(attempt: QuizAttempt, graded: GradedQuiz, lesson: Static<typeof LessonProgressView>): Static<typeof QuizAttemptView> {
  return {
    id: attempt.id,
    lessonId: attempt.lessonId,
    blockId: attempt.blockId,
    correct: graded.correct,
    total: graded.total,
    passed: graded.passed,
    passMark: graded.passMark,
    results: graded.results,
    createdAt: attempt.createdAt.toISOString(),
    lesson,
  };
}
