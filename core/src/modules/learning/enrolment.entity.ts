import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { QuizAnswer } from './question-grading.ts';

/** A member taking a course. One per (course, user); progress survives republishing. */
export const EnrolmentSchema = defineEntity({
  name: 'Enrolment',
  tableName: 'enrolment',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    userId: p.uuid(),
    enrolledAt: p.datetime(),
    /** Set when a progress write first makes every published lesson complete; never revoked. */
    completedAt: p.datetime().nullable(),
  },
});

/** A lesson's state for one enrolment, keyed by the stable lesson id (not the version). */
export const LessonProgressSchema = defineEntity({
  name: 'LessonProgress',
  tableName: 'lesson_progress',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    enrolmentId: p.uuid(),
    lessonId: p.uuid(),
    completedAt: p.datetime().nullable(),
    updatedAt: p.datetime(),
    /** Active seconds in this lesson as the learner view reported them (see `recordTime`). */
    timeSpentSeconds: p.integer().default(0),
    timeReportedAt: p.datetime().nullable(),
  },
});

/** One graded submission of a quiz block; every attempt is kept. */
export const QuizAttemptSchema = defineEntity({
  name: 'QuizAttempt',
  tableName: 'quiz_attempt',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    enrolmentId: p.uuid(),
    lessonId: p.uuid(),
    blockId: p.string(),
    /** Per question: the learner's response and whether it was right. */
    answers: p.json<Array<QuizAnswer & { correct: boolean }>>(),
    correct: p.integer(),
    total: p.integer(),
    passed: p.boolean(),
    createdAt: p.datetime(),
  },
});

export type Enrolment = InferEntity<typeof EnrolmentSchema>;
export type LessonProgress = InferEntity<typeof LessonProgressSchema>;
export type QuizAttempt = InferEntity<typeof QuizAttemptSchema>;
