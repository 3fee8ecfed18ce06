import type { EntityManager } from '@mikro-orm/postgresql';
import { courseRecords } from '../courses/course-records.ts';
import { identityRecords } from '../identity/identity-records.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import { enrolmentView } from '../learning/learning.views.ts';
import type { Enrolment } from '../learning/learning-records.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import type { Obligation } from './obligations.ts';
import { timeSpentByEnrolment } from './time-spent.ts';

export type LearnerStatus = 'invited' | 'not-started' | 'in-progress' | 'completed' | 'withdrawn';

export interface QuizAttemptRow {
  lessonId: string;
  lessonTitle: string;
  blockId: string;
  /** 1 for the learner's first attempt of this quiz block, 2 for the second, … */
  attempt: number;
  correct: number;
  total: number;
  passed: boolean;
  at: Date;
}

/** One learner in one course: where they stand against what is due. */
export interface GradebookRow {
  userId: string | null;
  email: string;
  courseId: string;
  courseTitle: string;
  courseAvailable: boolean;
  groups: Array<{ id: string; name: string }>;
  startsAt: Date | null;
  dueAt: Date | null;
  status: LearnerStatus;
  overdue: boolean;
  enrolmentId: string | null;
  completedLessons: number;
  totalLessons: number;
  completedAt: Date | null;
  /** The latest lesson-progress write, time report or quiz attempt. */
  lastActivityAt: Date | null;
  /** Active seconds in the course's lessons (docs/people.md, "Time spent"). */
  timeSpentSeconds: number;
  attempts: QuizAttemptRow[];
}

const latest = (dates: Date[]): Date | null => (dates.length === 0 ? null : new Date(Math.max(...dates.map((d) => d.getTime()))));

/**
 * Gradebook rows for these obligations and, for a course's gradebook, the enrolments nobody
 * assigned (self-enrolled learners, no due date). Completion counts lessons of the newest
 * publication, as the learner sees it.
 */
export async function gradebookRows(
  em: EntityManager,
  deps: { publishing: PublishingService; enrolments: EnrolmentsService },
  obligations: readonly Obligation[],
  unassigned: readonly Enrolment[] = [],
  now = new Date(),
): Promise<GradebookRow[]> {
  const courseIds = [...new Set([...obligations.map((o) => o.courseId), ...unassigned.map((e) => e.courseId)])];
  const assignedUsers = obligations.flatMap((o) => (o.userId === null ? [] : [o.userId]));
  const [courses, publications, assignedEnrolments, users] = await Promise.all([
    courseRecords.courses(em, { id: { $in: courseIds } }),
    deps.publishing.latestOf(em, courseIds),
    deps.enrolments.listFor(em, courseIds, assignedUsers),
    identityRecords.users(
      em,
      unassigned.map((e) => e.userId),
    ),
  ]);
  const records = await deps.enrolments.records(em, [...assignedEnrolments, ...unassigned]);
  const timeSpent = await timeSpentByEnrolment(em, records);
  const recordOf = (courseId: string, userId: string | null) =>
    records.find((r) => r.enrolment.courseId === courseId && r.enrolment.userId === userId);
  const all: Obligation[] = [
    ...obligations,
    ...unassigned.map((e) => ({
      userId: e.userId,
      email: users.find((u) => u.id === e.userId)?.email ?? '',
      courseId: e.courseId,
      groups: [],
      startsAt: null,
      dueAt: null,
      withdrawn: false,
    })),
  ];
  return all.flatMap((obligation) => {
    const course = courses.find((c) => c.id === obligation.courseId);
    if (course === undefined) return [];
    const publication = publications.get(course.id);
    const record = recordOf(course.id, obligation.userId);
    const view = record === undefined ? null : enrolmentView(record, course, publication);
    const titles = new Map((publication?.outline.modules ?? []).flatMap((m) => m.lessons.map((l) => [l.id, l.title] as const)));
    const counts = new Map<string, number>();
    const attempts = (record?.attempts ?? []).map((a) => {
      const n = (counts.get(`${a.lessonId}/${a.blockId}`) ?? 0) + 1;
      counts.set(`${a.lessonId}/${a.blockId}`, n);
      const lessonTitle = titles.get(a.lessonId) ?? '';
      return {
        lessonId: a.lessonId,
        lessonTitle,
        blockId: a.blockId,
        attempt: n,
        correct: a.correct,
        total: a.total,
        passed: a.passed,
        at: a.createdAt,
      };
    });
    const started = (record?.progress.length ?? 0) > 0 || attempts.length > 0;
    const status: LearnerStatus = obligation.withdrawn
      ? 'withdrawn'
      : obligation.userId === null
        ? 'invited'
        : record?.enrolment.completedAt
          ? 'completed'
          : started
            ? 'in-progress'
            : 'not-started';
    return [
      {
        userId: obligation.userId,
        email: obligation.email,
        courseId: course.id,
        courseTitle: publication?.title ?? course.title,
        courseAvailable: course.status === 'published' && publication !== undefined,
        groups: obligation.groups,
        startsAt: obligation.startsAt,
        dueAt: obligation.dueAt,
        status,
        overdue: obligation.dueAt !== null && obligation.dueAt < now && status !== 'completed' && status !== 'withdrawn',
        enrolmentId: record?.enrolment.id ?? null,
        completedLessons: view?.completedLessons ?? 0,
        totalLessons: view?.totalLessons ?? (publication === undefined ? 0 : titles.size),
        completedAt: record?.enrolment.completedAt ?? null,
        lastActivityAt: latest([
          ...(record?.progress.flatMap((p) => [p.updatedAt, ...(p.timeReportedAt ? [p.timeReportedAt] : [])]) ?? []),
          ...attempts.map((a) => a.at),
        ]),
        timeSpentSeconds: record === undefined ? 0 : (timeSpent.get(record.enrolment.id) ?? 0),
        attempts,
      },
    ];
  });
}
