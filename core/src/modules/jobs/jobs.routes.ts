import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import type { Job } from '../../jobs/job.entity.ts';
import { JOB_STATUSES } from '../../jobs/job-contracts.ts';
import type { JobRunner } from '../../jobs/job-runner.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import { authorised, canReadJob } from '../identity/access-policy.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';

const Status = Type.Enum(JOB_STATUSES);
const JobView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Status,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  progressMessage: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  courseId: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.String(), Type.Null()]),
  streamJobId: Type.String({ description: 'Subscribe to this id over /v1/ws for live events' }),
  attempts: Type.Integer(),
  cancelRequested: Type.Boolean(),
  children: Type.Object({
    total: Type.Integer(),
    queued: Type.Integer(),
    running: Type.Integer(),
    completed: Type.Integer(),
    failed: Type.Integer(),
    cancelled: Type.Integer(),
  }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const iso = (date: Date | null | undefined) => (date === null || date === undefined ? null : date.toISOString());

export async function jobsRoutes(app: TypedApp, options: { jobs: JobsService; runner: JobRunner }): Promise<void> {
  const { jobs, runner } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['jobs'];

  const view = async (em: Parameters<JobsService['get']>[0], job: Job) => {
    const children = await jobs.listChildren(em, job.id);
    const count = (status: (typeof JOB_STATUSES)[number]) => children.filter((child) => child.status === status).length;
    // A parent's progress is its children's: how many of them are done.
    const done = children.length - count('queued') - count('running');
    const progress = children.length === 0 ? job.progress : Math.round((done / children.length) * 100);
    return {
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: job.status === 'completed' ? 100 : progress,
      progressMessage: job.progressMessage ?? null,
      error: job.error ?? null,
      courseId: job.courseId ?? null,
      parentId: job.parentId ?? null,
      streamJobId: job.streamJobId,
      attempts: job.attempts,
      cancelRequested: job.cancelRequested,
      children: {
        total: children.length,
        queued: count('queued'),
        running: count('running'),
        completed: count('completed'),
        failed: count('failed'),
        cancelled: count('cancelled'),
      },
      createdAt: job.createdAt.toISOString(),
      startedAt: iso(job.startedAt),
      finishedAt: iso(job.finishedAt),
    };
  };

  app.get(
    '/v1/jobs/:id',
    {
      preHandler: requireAuth(),
      schema: { tags, summary: 'Status, progress and error of a job', params: IdParams, response: { 200: JobView, ...problems(401, 403, 404) } },
    },
    async (request) => {
      // The same rule as a websocket subscription to this job.
      const job = authorised(canReadJob, authOf(request), await jobs.get(request.em, request.params.id), 'MIRAI_ERR_JOB_NOT_FOUND');
      return view(request.em, job);
    },
  );

  app.post(
    '/v1/jobs/:id/cancel',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Cancel a job and the work it started; finished parts are kept',
        params: IdParams,
        response: { 202: JobView, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const cancel = await request.em.transactional((tx) => jobs.requestCancel(tx, request.params.id));
      if (cancel === null) throw new MiraiError('MIRAI_ERR_JOB_NOT_FOUND');
      await runner.announceCancel(cancel);
      request.em.clear();
      const job = await jobs.get(request.em, request.params.id);
      if (job === null) throw new MiraiError('MIRAI_ERR_JOB_NOT_FOUND');
      return reply.status(202).send(await view(request.em, job));
    },
  );
}
