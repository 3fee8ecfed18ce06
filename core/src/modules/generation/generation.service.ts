import type { EntityManager } from '@mikro-orm/postgresql';
import type { TObject } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { JobSchema } from '../../jobs/job.entity.ts';
import type { JobStarter, StartJob } from '../../jobs/job-starter.ts';
import type { AiTask } from '../ai-routing/ai-routing.schemas.ts';
import type { AiRoutingService } from '../ai-routing/ai-routing.service.ts';
import { courseRecords } from '../courses/course-records.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { lessonJob, lessonsJob, outlineJob } from './generation-jobs.ts';

export interface OutlineOptions {
  moduleCount?: number | undefined;
  lessonsPerModule?: number | undefined;
}

/**
 * Starts generation: checks the allowance, then starts the job (`JobStarter.start`: job, outbox
 * intent and `job.queued` in one transaction, so a queue outage at that moment loses nothing).
 * Returns the job id for 202.
 */
export class GenerationService {
  readonly #jobs: JobStarter;
  readonly #courses: CoursesService;
  readonly #lessons: LessonsService;
  readonly #routing: Pick<AiRoutingService, 'assertCanStart'>;

  constructor(options: {
    /** The task's providers decide whether generation is metered, capped, and which instructions it can follow. */
    routing: Pick<AiRoutingService, 'assertCanStart'>;
    jobs: JobStarter;
    courses: CoursesService;
    lessons: LessonsService;
  }) {
    this.#routing = options.routing;
    this.#jobs = options.jobs;
    this.#courses = options.courses;
    this.#lessons = options.lessons;
  }

  async #start<Payload extends TObject>(
    em: EntityManager,
    actor: AuthContext,
    job: Omit<StartJob<Payload>, 'tenantId'> & { courseId: string },
    task: AiTask,
    instruction?: string,
  ): Promise<string> {
    // Refused only when no provider of the task's chain may do it now (caps, instructions it cannot follow).
    await this.#routing.assertCanStart(em, actor.tenantId, task, instruction);
    const active = await em.find(JobSchema, { courseId: job.courseId, parentId: null, status: { $in: ['queued', 'running'] } });
    if (active.length > 0)
      throw new MiraiError('MIRAI_ERR_COURSE_STATE', `Generation is already running for this course (job ${active[0]?.id})`, {
        extensions: { jobId: active[0]?.id },
      });
    return em.transactional(async (tx) => (await this.#jobs.start(tx, { ...job, tenantId: actor.tenantId })).id);
  }

  async outline(em: EntityManager, actor: AuthContext, courseId: string, options: OutlineOptions): Promise<string> {
    const course = await this.#courses.get(em, courseId);
    if (course.status === 'published') throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'A published course keeps its outline; unpublish it first');
    return this.#start(
      em,
      actor,
      {
        type: outlineJob,
        courseId,
        payload: { courseId, moduleCount: options.moduleCount ?? 4, lessonsPerModule: options.lessonsPerModule ?? 3 },
      },
      'outline',
    );
  }

  async lessons(em: EntityManager, actor: AuthContext, courseId: string): Promise<string> {
    await this.#courses.get(em, courseId);
    if ((await courseRecords.lessonCount(em, courseId)) === 0)
      throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course has no outline yet; generate or write one first');
    return this.#start(em, actor, { type: lessonsJob, courseId, payload: { courseId } }, 'lessonBody');
  }

  async regenerateLesson(em: EntityManager, actor: AuthContext, lessonId: string, instruction: string | undefined): Promise<string> {
    const lesson = await this.#lessons.get(em, lessonId);
    return this.#start(
      em,
      actor,
      {
        type: lessonJob,
        courseId: lesson.courseId,
        payload: { lessonId, ...(instruction === undefined ? {} : { instruction }) },
      },
      'rewrite',
      instruction,
    );
  }

  async regenerateModule(em: EntityManager, actor: AuthContext, moduleId: string, instruction: string | undefined): Promise<string> {
    const module = await courseRecords.module(em, moduleId);
    if (module === null) throw new MiraiError('MIRAI_ERR_MODULE_NOT_FOUND');
    const lessonIds = (await courseRecords.lessons(em, { moduleId })).map((lesson) => lesson.id);
    return this.#start(
      em,
      actor,
      {
        type: lessonsJob,
        courseId: module.courseId,
        payload: { courseId: module.courseId, lessonIds, ...(instruction === undefined ? {} : { instruction }) },
      },
      'rewrite',
      instruction,
    );
  }
}
