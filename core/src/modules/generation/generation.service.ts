import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { JobSchema } from '../../jobs/job.entity.ts';
import type { JobEventPublisher } from '../../jobs/job-contracts.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import type { AiTask } from '../ai-routing/ai-routing.schemas.ts';
import type { AiRoutingService } from '../ai-routing/ai-routing.service.ts';
import { CourseModuleSchema } from '../courses/course-module.entity.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import { LessonSchema } from '../courses/lesson.entity.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { JOB_KINDS } from './generation-deps.ts';

export interface OutlineOptions {
  moduleCount?: number | undefined;
  lessonsPerModule?: number | undefined;
}

/**
 * Starts generation: checks the allowance, then writes the job and its outbox intent in one
 * transaction (a queue outage at that moment loses nothing). Returns the job id for 202.
 */
export class GenerationService {
  readonly #jobs: JobsService;
  readonly #courses: CoursesService;
  readonly #lessons: LessonsService;
  readonly #afterCommit: () => void;
  readonly #events: JobEventPublisher;
  readonly #routing: Pick<AiRoutingService, 'assertCanStart'>;

  constructor(options: {
    /** The task's providers decide whether generation is metered, capped, and which instructions it can follow. */
    routing: Pick<AiRoutingService, 'assertCanStart'>;
    jobs: JobsService;
    courses: CoursesService;
    lessons: LessonsService;
    events: JobEventPublisher;
    afterCommit: () => void;
  }) {
    this.#routing = options.routing;
    this.#events = options.events;
    this.#jobs = options.jobs;
    this.#courses = options.courses;
    this.#lessons = options.lessons;
    this.#afterCommit = options.afterCommit;
  }

  async #start(
    em: EntityManager,
    actor: AuthContext,
    job: { kind: string; courseId: string; payload: Record<string, string | number | string[]> },
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
    const id = await em.transactional(
      async (tx) => (await this.#jobs.createJob(tx, { kind: job.kind, tenantId: actor.tenantId, courseId: job.courseId, payload: job.payload })).id,
    );
    // Announced before the relay is kicked, so `job.queued` is normally the stream's first event.
    await this.#events.publish(id, { type: 'job.queued', data: { jobId: id, kind: job.kind } });
    this.#afterCommit();
    return id;
  }

  async outline(em: EntityManager, actor: AuthContext, courseId: string, options: OutlineOptions): Promise<string> {
    const course = await this.#courses.get(em, courseId);
    if (course.status === 'published') throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'A published course keeps its outline; unpublish it first');
    return this.#start(
      em,
      actor,
      {
        kind: JOB_KINDS.outline,
        courseId,
        payload: { courseId, moduleCount: options.moduleCount ?? 4, lessonsPerModule: options.lessonsPerModule ?? 3 },
      },
      'outline',
    );
  }

  async lessons(em: EntityManager, actor: AuthContext, courseId: string): Promise<string> {
    await this.#courses.get(em, courseId);
    if ((await em.count(LessonSchema, { courseId })) === 0)
      throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course has no outline yet; generate or write one first');
    return this.#start(em, actor, { kind: JOB_KINDS.lessons, courseId, payload: { courseId } }, 'lessonBody');
  }

  async regenerateLesson(em: EntityManager, actor: AuthContext, lessonId: string, instruction: string | undefined): Promise<string> {
    const lesson = await this.#lessons.get(em, lessonId);
    return this.#start(
      em,
      actor,
      {
        kind: JOB_KINDS.lesson,
        courseId: lesson.courseId,
        payload: { lessonId, ...(instruction === undefined ? {} : { instruction }) },
      },
      'rewrite',
      instruction,
    );
  }

  async regenerateModule(em: EntityManager, actor: AuthContext, moduleId: string, instruction: string | undefined): Promise<string> {
    const module = await em.findOne(CourseModuleSchema, { id: moduleId });
    if (module === null) throw new MiraiError('MIRAI_ERR_MODULE_NOT_FOUND');
    const lessonIds = (await em.find(LessonSchema, { moduleId })).map((lesson) => lesson.id);
    return this.#start(
      em,
      actor,
      {
        kind: JOB_KINDS.lessons,
        courseId: module.courseId,
        payload: { courseId: module.courseId, lessonIds, ...(instruction === undefined ? {} : { instruction }) },
      },
      'rewrite',
      instruction,
    );
  }
}
