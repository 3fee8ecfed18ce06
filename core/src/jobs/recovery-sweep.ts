import type { Orm } from '../db/orm.ts';

export interface RecoverySweepOptions {
  /** A running job without a heartbeat for this long, or a queued one waiting this long without an outbox row, is re-sent (default 60). */
  staleAfterSeconds?: number;
}

export interface RecoverySweepResult {
  /** Running jobs whose worker stopped responding; re-sent as their next attempt (waiting parents: to be settled). */
  resumed: string[];
  /** Queued jobs whose delivery was lost (e.g. a Redis outage after the relay handed it over), and resumed ones not claimed yet. */
  requeued: string[];
}

const FINAL = `('completed', 'failed', 'cancelled')`;

/**
 * The safety net under the transports: re-enqueues, through the outbox, work that nothing will
 * deliver any more. A stuck running job counts as an attempt (`attempts + 1`), so a job that kills
 * its worker every time ends as failed instead of looping, and the dead worker's late writes are
 * fenced off by the attempt number. Its `heartbeat_at` is cleared until a worker claims the new
 * attempt: a re-sent job may wait in the queue behind other work for longer than the stale time,
 * and must not be counted as crashed (and re-sent as yet another attempt) while it waits. Such a
 * job's delivery is re-sent unchanged once per stale period (the transport dedupes it) in case it
 * was lost. Queued jobs
 * get `heartbeat_at` touched so they are not re-sent again before they had a chance to run.
 * Schedule it every few tens of seconds in one process or many.
 */
export function sweepStuckJobs(orm: Orm, options: RecoverySweepOptions = {}): Promise<RecoverySweepResult> {
  const staleAfter = options.staleAfterSeconds ?? 60;
  return orm.em.fork().transactional(async (em) => {
    const resumed = await em.execute<{ job_id: string }[]>(
      `with stuck as (
         select id, awaiting_children from job
         where status = 'running' and heartbeat_at < now() - ? * interval '1 second'
           and not exists (select 1 from job_outbox where job_outbox.job_id = job.id)
           and (not awaiting_children or not exists (select 1 from job child where child.parent_id = job.id and child.status not in ${FINAL}))
         for update skip locked
       ), bumped as (
         update job set attempts = job.attempts + case when stuck.awaiting_children then 0 else 1 end,
           heartbeat_at = case when stuck.awaiting_children then now() else null end, resent_at = now()
         from stuck where job.id = stuck.id
         returning job.id, job.tenant_id, job.kind, job.attempts
       )
       insert into job_outbox (job_id, tenant_id, kind, attempt) select id, tenant_id, kind, attempts from bumped returning job_id`,
      [staleAfter],
    );
    const requeued = await em.execute<{ job_id: string }[]>(
      `with lost as (
         update job set heartbeat_at = now()
         where id in (
           select id from job
           where status = 'queued' and coalesce(heartbeat_at, created_at) < now() - ? * interval '1 second'
             and not exists (select 1 from job_outbox where job_outbox.job_id = job.id)
           for update skip locked
         )
         returning id, tenant_id, kind, attempts
       )
       insert into job_outbox (job_id, tenant_id, kind, attempt) select id, tenant_id, kind, attempts + 1 from lost returning job_id`,
      [staleAfter],
    );
    // Resumed earlier, not claimed by a worker since, and not re-sent within the stale period.
    const unclaimed = await em.execute<{ job_id: string }[]>(
      `with unclaimed as (
         select id, tenant_id, kind, attempts from job
         where status = 'running' and heartbeat_at is null and coalesce(resent_at, created_at) < now() - ? * interval '1 second'
           and not exists (select 1 from job_outbox where job_outbox.job_id = job.id)
         for update skip locked
       ), marked as (
         update job set resent_at = now() from unclaimed where job.id = unclaimed.id
       )
       insert into job_outbox (job_id, tenant_id, kind, attempt) select id, tenant_id, kind, attempts from unclaimed returning job_id`,
      [staleAfter],
    );
    return { resumed: resumed.map((row) => row.job_id), requeued: [...requeued, ...unclaimed].map((row) => row.job_id) };
  });
}
