import type { EntityManager } from '@mikro-orm/postgresql';

/** One job as `mirai jobs list` shows it. */
export interface JobSummary {
  id: string;
  tenantId: string;
  kind: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  createdAt: string;
}

type JobRow = {
  id: string;
  tenant_id: string;
  kind: string;
  status: string;
  attempts: number;
  max_attempts: number;
  error: string | null;
  created_at: Date | string;
};

const toSummary = (row: JobRow): JobSummary => ({
  id: row.id,
  tenantId: row.tenant_id,
  kind: row.kind,
  status: row.status,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  error: row.error,
  createdAt: new Date(row.created_at).toISOString(),
});

/** Newest first, across every organisation (an operator's view; the REST API stays per tenant). */
export async function listJobs(em: EntityManager, filter: { status?: string; kind?: string; limit: number }): Promise<JobSummary[]> {
  const rows = await em.execute<JobRow[]>(
    `select id, tenant_id, kind, status, attempts, max_attempts, error, created_at from job
      where (?::text is null or status = ?) and (?::text is null or kind = ?)
      order by created_at desc, id limit ?`,
    [filter.status ?? null, filter.status ?? null, filter.kind ?? null, filter.kind ?? null, filter.limit],
  );
  return rows.map(toSummary);
}

export type RetryOutcome = { retried: JobSummary } | { refused: string };

/**
 * Puts a failed or cancelled job back in the queue with a fresh attempt budget, in one transaction
 * with its outbox row (the relay delivers it like any new attempt). A job whose parent has
 * finished is refused: the parent would never hear of it; retry the parent instead.
 */
export function retryJob(em: EntityManager, id: string): Promise<RetryOutcome> {
  return em.transactional(async (tx) => {
    const [job] = await tx.execute<Array<JobRow & { parent_status: string | null }>>(
      `select job.*, parent.status as parent_status from job left join job parent on parent.id = job.parent_id where job.id = ? for update of job`,
      [id],
    );
    if (job === undefined) return { refused: `no job ${id}` };
    if (job.status !== 'failed' && job.status !== 'cancelled')
      return { refused: `job ${id} is ${job.status}; only failed or cancelled jobs are retried` };
    if (job.parent_status !== null && ['completed', 'failed', 'cancelled'].includes(job.parent_status))
      return { refused: `job ${id} belongs to a finished ${job.parent_status} job; retry that one` };
    const [row] = await tx.execute<JobRow[]>(
      `update job set status = 'queued', error = null, finished_at = null, cancel_requested = false, heartbeat_at = now(),
              max_attempts = attempts + max_attempts
        where id = ? returning id, tenant_id, kind, status, attempts, max_attempts, error, created_at`,
      [id],
    );
    await tx.execute('insert into job_outbox (job_id, tenant_id, kind, attempt) values (?, ?, ?, ?)', [
      id,
      job.tenant_id,
      job.kind,
      job.attempts + 1,
    ]);
    if (row === undefined) return { refused: `no job ${id}` };
    return { retried: toSummary(row) };
  });
}

/**
 * Flags the job and its queued or running descendants as cancel-requested and makes their pending
 * deliveries due now: a worker ends each one as cancelled (events, parents settled) when it next
 * sees it, as for a cancel from the API.
 */
export function cancelJob(em: EntityManager, id: string): Promise<string[]> {
  return em.transactional(async (tx) => {
    const rows = await tx.execute<Array<{ id: string }>>(
      `with recursive tree as (
         select id from job where id = ?
         union all
         select child.id from job child join tree on child.parent_id = tree.id
       )
       update job set cancel_requested = true from tree
        where job.id = tree.id and job.status in ('queued', 'running') returning job.id`,
      [id],
    );
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) await tx.execute('update job_outbox set available_at = now() where job_id in (?)', [ids]);
    return ids;
  });
}
