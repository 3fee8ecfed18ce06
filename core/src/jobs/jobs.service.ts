import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { currentTraceParent } from '../observability/trace-parent.ts';
import { type Job, JobOutboxSchema, JobSchema } from './job.entity.ts';
import type { NewJob } from './job-contracts.ts';

/** A job that `requestCancel` touched. */
export interface CancelledJob {
  id: string;
  kind: string;
  streamJobId: string;
  parentId: string | null;
}

export interface CancelRequest {
  jobId: string;
  /** Were queued: cancelled in this transaction. Announce them after commit (`JobRunner.announceCancel`). */
  cancelled: CancelledJob[];
  /** Were running: their handlers' `signal` aborts once a runner sees `cancel_requested`. */
  stopping: CancelledJob[];
}

interface CancelRow {
  id: string;
  kind: string;
  status: string;
  stream_job_id: string;
  parent_id: string | null;
}

/**
 * Starting, reading and cancelling jobs. Every method works on the caller's EntityManager: tenant
 * scoping comes from its `tenant` filter, and nothing is flushed here — the caller commits the job
 * together with the state change that wants it (outbox pattern).
 */
export class JobsService {
  /** Persists a queued job and its first outbox row; delivered only if the caller's transaction commits. */
  async createJob(em: EntityManager, newJob: NewJob): Promise<Job> {
    const id = randomUUID();
    let streamJobId: string = id;
    if (newJob.parentId !== undefined && newJob.parentId !== null) {
      // The tenant filter hides other tenants' jobs, so a foreign parent reads as missing.
      const parent = await em.findOne(JobSchema, { id: newJob.parentId });
      if (parent === null || parent.tenantId !== newJob.tenantId) throw new Error(`parent job ${newJob.parentId} does not exist`);
      streamJobId = parent.streamJobId;
    }
    const job = em.create(JobSchema, {
      id,
      tenantId: newJob.tenantId,
      kind: newJob.kind,
      status: 'queued',
      payload: newJob.payload,
      result: null,
      error: null,
      progressMessage: null,
      parentId: newJob.parentId ?? null,
      courseId: newJob.courseId ?? null,
      streamJobId,
      maxAttempts: newJob.maxAttempts ?? 5,
      heartbeatAt: null,
      startedAt: null,
      finishedAt: null,
      traceParent: currentTraceParent(),
    });
    em.persist(job);
    em.persist(em.create(JobOutboxSchema, { jobId: id, tenantId: newJob.tenantId, kind: newJob.kind, attempt: 1 }));
    return job;
  }

  get(em: EntityManager, id: string): Promise<Job | null> {
    return em.findOne(JobSchema, { id });
  }

  listChildren(em: EntityManager, parentId: string): Promise<Job[]> {
    return em.find(JobSchema, { parentId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /**
   * Flags the job and every descendant that is still queued or running; queued ones are cancelled
   * right away (nothing runs them any more), running ones stop at their next cancellation check.
   * Returns null when the job is not visible to the caller's tenant.
   */
  async requestCancel(em: EntityManager, id: string): Promise<CancelRequest | null> {
    const job = await em.findOne(JobSchema, { id });
    if (job === null) return null;
    // Raw SQL bypasses the tenant filter, so the tree is pinned to the tenant just checked.
    const rows = await em.execute<CancelRow[]>(
      `with recursive tree as (
         select id from job where id = ? and tenant_id = ?
         union all
         select child.id from job child join tree on child.parent_id = tree.id
       )
       update job set
         cancel_requested = true,
         status = case when job.status = 'queued' then 'cancelled' else job.status end,
         finished_at = case when job.status = 'queued' then now() else job.finished_at end
       from tree
       where job.id = tree.id and job.status in ('queued', 'running')
       returning job.id, job.kind, job.status, job.stream_job_id, job.parent_id`,
      [id, job.tenantId],
    );
    const toJob = (row: CancelRow): CancelledJob => ({ id: row.id, kind: row.kind, streamJobId: row.stream_job_id, parentId: row.parent_id });
    return {
      jobId: id,
      cancelled: rows.filter((row) => row.status === 'cancelled').map(toJob),
      stopping: rows.filter((row) => row.status === 'running').map(toJob),
    };
  }
}
