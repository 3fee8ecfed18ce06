import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { JobSchema } from '../../jobs/job.entity.ts';
import type { JobEventPublisher } from '../../jobs/job-contracts.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import type { BillingService } from '../billing/billing.service.ts';
import { courseRecords } from '../courses/course-records.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { JOB_KINDS } from './generation-deps.ts';
import type { UsageService } from './usage.service.ts';

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
  readonly #usage: UsageService;
  readonly #afterCommit: () => void;
  readonly #events: JobEventPublisher;
  readonly #billing: Pick<BillingService, 'assertAiAllowance'> | undefined;
  readonly #plugins: Pick<TenantPluginsService, 'enabled'> | undefined;

  constructor(options: {
    /** The tenant's AI provider decides whether generation is metered and which instructions it can follow. */
    plugins?: Pick<TenantPluginsService, 'enabled'>;
    jobs: JobsService;
    courses: CoursesService;
    lessons: LessonsService;
    usage: UsageService;
    events: JobEventPublisher;
    afterCommit: () => void;
    /** Enforces the plan's AI allowance when the tenant has a billing plugin. */
    billing?: Pick<BillingService, 'assertAiAllowance'>;
  }) {
    this.#billing = options.billing;
    this.#plugins = options.plugins;
    this.#events = options.events;
    this.#jobs = options.jobs;
    this.#courses = options.courses;
    this.#lessons = options.lessons;
    this.#usage = options.usage;
    this.#afterCommit = options.afterCommit;
  }

  async #start(
    em: EntityManager,
    actor: AuthContext,
    job: { kind: string; courseId: string; payload: Record<string, string | number | string[]> },
    instruction?: string,
  ): Promise<string> {
    const [ai] = (await this.#plugins?.enabled(em, actor.tenantId, 'ai')) ?? [];
    const refusal = instruction === undefined ? null : (ai?.implementation.refuseInstruction?.(instruction) ?? null);
    if (refusal !== null) throw new MiraiError('MIRAI_ERR_GENERATION_CANNOT_FOLLOW', refusal, { extensions: { instruction } });
    // A provider that spends nothing (no model) never counts against, nor is stopped by, an allowance.
    if (ai?.implementation.metered !== false) {
      await this.#usage.assertWithinCap(em, actor.tenantId);
      await this.#billing?.assertAiAllowance(em, actor.tenantId);
    }
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
    return this.#start(em, actor, {
      kind: JOB_KINDS.outline,
      courseId,
      payload: { courseId, moduleCount: options.moduleCount ?? 4, lessonsPerModule: options.lessonsPerModule ?? 3 },
    });
  }

  async lessons(em: EntityManager, actor: AuthContext, courseId: string): Promise<string> {
    await this.#courses.get(em, courseId);
    if ((await courseRecords.lessonCount(em, courseId)) === 0)
      throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course has no outline yet; generate or write one first');
    return this.#start(em, actor, { kind: JOB_KINDS.lessons, courseId, payload: { courseId } });
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
        kind: JOB_KINDS.lessons,
        courseId: module.courseId,
        payload: { courseId: module.courseId, lessonIds, ...(instruction === undefined ? {} : { instruction }) },
      },
      instruction,
    );
  }
}
