import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import {
  type Enrolment,
  EnrolmentSchema,
  type LessonProgress,
  LessonProgressSchema,
  type QuizAttempt,
  QuizAttemptSchema,
} from './enrolment.entity.ts';
import { type GradedQuiz, gradeQuiz, type QuizAnswer, quizBlock, quizBlockIds } from './grading.ts';
import type { CoursePublication } from './publication.entity.ts';
import type { PublishingService } from './publishing.service.ts';

/** Everything recorded for one enrolment. */
export interface EnrolmentRecord {
  enrolment: Enrolment;
  progress: LessonProgress[];
  attempts: QuizAttempt[];
}

/** The most one time report credits: the learner view reports every 30 s while the learner is active. */
export const TIME_REPORT_MAX_SECONDS = 60;

/** Lesson ids of a publication in learning order. */
export function lessonOrder(publication: CoursePublication): string[] {
  return publication.outline.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id));
}

/**
 * Enrolments, lesson progress and quiz attempts. Rules (docs/learning.md): a lesson is complete
 * when the learner marks it so, and a lesson with quizzes only after a passing attempt of each;
 * the course is complete when every lesson of its newest publication is.
 */
export class EnrolmentsService {
  readonly #publishing: PublishingService;

  constructor(publishing: PublishingService) {
    this.#publishing = publishing;
  }

  /** Enrols the caller; enrolling twice returns the existing enrolment (`created: false`). */
  async enrol(em: EntityManager, actor: AuthContext, courseId: string): Promise<{ enrolment: Enrolment; created: boolean }> {
    await this.#publishing.publishedCourse(em, courseId);
    const rows = await em.execute<{ id: string }[]>(
      `insert into enrolment (id, tenant_id, course_id, user_id, enrolled_at) values (?, ?, ?, ?, now())
       on conflict (course_id, user_id) do nothing returning id`,
      [randomUUID(), actor.tenantId, courseId, actor.userId],
    );
    const enrolment = await em.findOneOrFail(EnrolmentSchema, { courseId, userId: actor.userId });
    return { enrolment, created: rows.length > 0 };
  }

  /**
   * Enrols others (a group's learners in its assigned courses); existing enrolments and their
   * progress are kept as they are. Runs in the caller's transaction.
   */
  async enrolUsers(em: EntityManager, tenantId: string, pairs: ReadonlyArray<{ courseId: string; userId: string }>): Promise<void> {
    if (pairs.length === 0) return;
    await em.execute(
      `insert into enrolment (id, tenant_id, course_id, user_id, enrolled_at) values ${pairs.map(() => '(?, ?, ?, ?, now())').join(', ')}
       on conflict (course_id, user_id) do nothing`,
      pairs.flatMap(({ courseId, userId }) => [randomUUID(), tenantId, courseId, userId]),
    );
  }

  /** The caller's enrolment in a course, or null. */
  mine(em: EntityManager, actor: AuthContext, courseId: string): Promise<Enrolment | null> {
    return em.findOne(EnrolmentSchema, { courseId, userId: actor.userId });
  }

  /** One of the caller's own enrolments; someone else's looks like it does not exist. */
  async own(em: EntityManager, actor: AuthContext, id: string): Promise<Enrolment> {
    const enrolment = await em.findOne(EnrolmentSchema, { id, userId: actor.userId });
    if (enrolment === null) throw new MiraiError('MIRAI_ERR_ENROLMENT_NOT_FOUND');
    return enrolment;
  }

  async records(em: EntityManager, enrolments: Enrolment[]): Promise<EnrolmentRecord[]> {
    const ids = enrolments.map((e) => e.id);
    const [progress, attempts] =
      ids.length === 0
        ? [[], []]
        : await Promise.all([
            em.find(LessonProgressSchema, { enrolmentId: { $in: ids } }),
            em.find(QuizAttemptSchema, { enrolmentId: { $in: ids } }, { orderBy: { createdAt: 'asc' } }),
          ]);
    return enrolments.map((enrolment) => ({
      enrolment,
      progress: progress.filter((p) => p.enrolmentId === enrolment.id),
      attempts: attempts.filter((a) => a.enrolmentId === enrolment.id),
    }));
  }

  listMine(em: EntityManager, actor: AuthContext): Promise<Enrolment[]> {
    return em.find(EnrolmentSchema, { userId: actor.userId }, { orderBy: { enrolledAt: 'desc' } });
  }

  listForCourse(em: EntityManager, courseId: string): Promise<Enrolment[]> {
    return em.find(EnrolmentSchema, { courseId }, { orderBy: { enrolledAt: 'asc' } });
  }

  /** The enrolments of these learners in these courses. */
  listFor(em: EntityManager, courseIds: readonly string[], userIds: readonly string[]): Promise<Enrolment[]> {
    if (courseIds.length === 0 || userIds.length === 0) return Promise.resolve([]);
    return em.find(EnrolmentSchema, { courseId: { $in: [...courseIds] }, userId: { $in: [...userIds] } });
  }

  /**
   * Sets a lesson complete or not. Idempotent: repeating a write changes nothing and keeps the
   * first completion time. Completing the last lesson completes the enrolment, in the same transaction.
   */
  async setProgress(em: EntityManager, actor: AuthContext, enrolmentId: string, lessonId: string, completed: boolean): Promise<Enrolment> {
    const enrolment = await this.own(em, actor, enrolmentId);
    const { course, publication } = await this.#publishing.publishedCourse(em, enrolment.courseId);
    const lesson = await this.#publishing.lesson(em, publication, lessonId);
    if (completed) {
      const passed = new Set(
        (await em.find(QuizAttemptSchema, { enrolmentId, lessonId, passed: true }, { fields: ['blockId'] })).map((a) => a.blockId),
      );
      const pending = quizBlockIds(lesson.blocks).filter((id) => !passed.has(id));
      if (pending.length > 0)
        throw new MiraiError(
          'MIRAI_ERR_QUIZ_NOT_PASSED',
          `Pass the quiz of this lesson (at least ${course.passMark} % correct) before completing it`,
          {
            extensions: { blockIds: pending },
          },
        );
    }
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into lesson_progress (id, tenant_id, enrolment_id, lesson_id, completed_at, updated_at)
         values (?, ?, ?, ?, case when ? then now() end, now())
         on conflict (enrolment_id, lesson_id) do update
           set completed_at = case when ? then coalesce(lesson_progress.completed_at, now()) end,
               updated_at = case when (lesson_progress.completed_at is not null) = ? then lesson_progress.updated_at else now() end`,
        [randomUUID(), actor.tenantId, enrolmentId, lessonId, completed, completed, completed],
      );
      if (!completed || enrolment.completedAt !== null) return;
      const done = await tx.count(LessonProgressSchema, { enrolmentId, lessonId: { $in: lessonOrder(publication) }, completedAt: { $ne: null } });
      if (done === lessonOrder(publication).length)
        await tx.execute('update enrolment set completed_at = now() where id = ? and tenant_id = ? and completed_at is null', [
          enrolmentId,
          actor.tenantId,
        ]);
    });
    em.clear();
    return this.own(em, actor, enrolmentId);
  }

  /**
   * Completes the caller's enrolment when something other than its lessons decides it: a SCORM
   * 2004 package whose sequencing rolled its root up to completed. Idempotent.
   */
  async completeEnrolment(em: EntityManager, actor: AuthContext, enrolmentId: string): Promise<void> {
    await this.own(em, actor, enrolmentId);
    await em.execute('update enrolment set completed_at = now() where id = ? and tenant_id = ? and completed_at is null', [
      enrolmentId,
      actor.tenantId,
    ]);
  }

  /**
   * Adds active time the learner view measured in a lesson. Each report is credited at most
   * `TIME_REPORT_MAX_SECONDS`, and never more than the wall-clock time since the previous report,
   * so a tab that reports too often (or a replayed request) cannot inflate the total. Returns the
   * lesson's total.
   */
  async recordTime(em: EntityManager, actor: AuthContext, enrolmentId: string, lessonId: string, seconds: number): Promise<number> {
    const enrolment = await this.own(em, actor, enrolmentId);
    const { publication } = await this.#publishing.publishedCourse(em, enrolment.courseId);
    await this.#publishing.lesson(em, publication, lessonId);
    const credit = Math.max(0, Math.min(Math.floor(seconds), TIME_REPORT_MAX_SECONDS));
    const rows = await em.execute<{ total: number }[]>(
      `insert into lesson_progress (id, tenant_id, enrolment_id, lesson_id, completed_at, updated_at, time_spent_seconds, time_reported_at)
       values (?, ?, ?, ?, null, now(), ?, now())
       on conflict (enrolment_id, lesson_id) do update
         set time_spent_seconds = lesson_progress.time_spent_seconds + case
               when lesson_progress.time_reported_at is null then ?
               else least(?, greatest(0, floor(extract(epoch from now() - lesson_progress.time_reported_at))::integer)) end,
             time_reported_at = now()
       returning time_spent_seconds as total`,
      [randomUUID(), actor.tenantId, enrolmentId, lessonId, credit, credit, credit],
    );
    return rows[0]?.total ?? 0;
  }

  /**
   * Records a result graded elsewhere (a SCORM SCO's score) as an attempt of the pseudo-block
   * `blockId`, so progress views and the gradebook show it beside quiz attempts.
   */
  async recordExternalResult(
    em: EntityManager,
    actor: AuthContext,
    enrolmentId: string,
    lessonId: string,
    result: { blockId: string; correct: number; total: number; passed: boolean },
  ): Promise<void> {
    await this.own(em, actor, enrolmentId);
    em.create(QuizAttemptSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      enrolmentId,
      lessonId,
      answers: [],
      createdAt: new Date(),
      ...result,
    });
    await em.flush();
  }

  /**
   * Records a result an outside service reports for a learner (an LTI tool's score through AGS),
   * kept with quiz attempts under the block. False when the learner is not enrolled in the course.
   */
  async recordResultFor(
    em: EntityManager,
    learner: { userId: string; courseId: string },
    lessonId: string,
    result: { blockId: string; correct: number; total: number; passed: boolean },
  ): Promise<boolean> {
    const enrolment = await em.findOne(EnrolmentSchema, { userId: learner.userId, courseId: learner.courseId });
    if (enrolment === null) return false;
    em.create(QuizAttemptSchema, {
      id: randomUUID(),
      tenantId: enrolment.tenantId,
      enrolmentId: enrolment.id,
      lessonId,
      answers: [],
      createdAt: new Date(),
      ...result,
    });
    await em.flush();
    return true;
  }

  /** Grades and records one quiz attempt. */
  async attempt(
    em: EntityManager,
    actor: AuthContext,
    enrolmentId: string,
    lessonId: string,
    input: { blockId: string; answers: QuizAnswer[] },
  ): Promise<{ attempt: QuizAttempt; graded: GradedQuiz }> {
    const enrolment = await this.own(em, actor, enrolmentId);
    const { course, publication } = await this.#publishing.publishedCourse(em, enrolment.courseId);
    const lesson = await this.#publishing.lesson(em, publication, lessonId);
    const graded = gradeQuiz(quizBlock(lesson.blocks, input.blockId), input.answers, course.passMark / 100);
    const attempt = em.create(QuizAttemptSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      enrolmentId,
      lessonId,
      blockId: input.blockId,
      answers: graded.results.map(({ questionId, choiceIndex, choiceIndices, answer, text, order, matches, correct }) => ({
        questionId,
        choiceIndex,
        choiceIndices,
        answer,
        text,
        order,
        matches,
        correct,
      })),
      correct: graded.correct,
      total: graded.total,
      passed: graded.passed,
      createdAt: new Date(),
    });
    await em.flush();
    return { attempt, graded };
  }
}
