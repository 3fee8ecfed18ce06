import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { JobStatus } from './job-contracts.ts';

/** A job row as the runner sees it: read without the tenant filter, because the worker serves every tenant. */
export interface JobRecord {
  id: string;
  tenantId: string;
  kind: string;
  status: JobStatus;
  payload: JsonObject;
  result: JsonObject | null;
  error: string | null;
  parentId: string | null;
  courseId: string | null;
  streamJobId: string;
  attempts: number;
  maxAttempts: number;
  awaitingChildren: boolean;
  cancelRequested: boolean;
  traceParent: string | null;
}

const COLUMNS = `id, tenant_id as "tenantId", kind, status, payload, result, error, parent_id as "parentId", course_id as "courseId",
  stream_job_id as "streamJobId", attempts, max_attempts as "maxAttempts", awaiting_children as "awaitingChildren",
  cancel_requested as "cancelRequested", trace_parent as "traceParent"`;
const FINAL = `('completed', 'failed', 'cancelled')`;

async function one(em: EntityManager, sql: string, params: unknown[]): Promise<JobRecord | null> {
  const rows = await em.execute<JobRecord[]>(sql, params);
  return rows[0] ?? null;
}

export function loadJob(em: EntityManager, id: string): Promise<JobRecord | null> {
  return one(em, `select ${COLUMNS} from job where id = ?`, [id]);
}

export interface ClaimWanted {
  id: string;
  attempt: number;
}

export interface ClaimResult {
  /** The row as it was before this statement (null: no such job). */
  seen: JobRecord | null;
  /** Set when this statement claimed the job: the row's `cancelRequested` at the claim. */
  claimed: { cancelRequested: boolean } | null;
}

/**
 * Loads each job and, when it is plainly that delivery's to run (not final, not waiting for
 * children, no cancel, attempts left, the attempt not older, a handled kind), claims it in the same
 * statement: one round trip for a whole batch where `loadJob` + `markRunning` took two per job. The
 * claim compares with the row as this statement's snapshot saw it, exactly as `markRunning` does
 * with `seen`, so of two racing deliveries exactly one wins. Anything else is left to the caller to
 * decide from `seen`. One result per wanted delivery, in order.
 */
export async function claimJobs(em: EntityManager, wanted: readonly ClaimWanted[], kinds: readonly string[]): Promise<ClaimResult[]> {
  if (wanted.length === 0) return [];
  const rows = await em.execute<(JobRecord & { want_attempt: number; claimed: boolean; claimedCancel: boolean | null })[]>(
    `with want as (select * from jsonb_to_recordset(?::jsonb) as want(want_id uuid, want_attempt int)),
     seen as (select ${COLUMNS}, want.want_attempt from job join want on job.id = want.want_id),
     claimed as (
       update job set status = 'running', attempts = seen.want_attempt, started_at = coalesce(job.started_at, now()), heartbeat_at = now()
       from seen
       where job.id = seen.id and job.status = seen.status and job.attempts = seen.attempts
         and seen.status in ('queued', 'running') and seen.attempts <= seen.want_attempt and not seen."awaitingChildren"
         and not seen."cancelRequested" and seen.attempts <= seen."maxAttempts" and seen.kind = any(?::text[])
       returning job.id, job.attempts, job.cancel_requested
     )
     select seen.*, claimed.id is not null as claimed, claimed.cancel_requested as "claimedCancel"
     from seen left join claimed on claimed.id = seen.id and claimed.attempts = seen.want_attempt`,
    [
      JSON.stringify(wanted.map((want) => ({ want_id: want.id, want_attempt: want.attempt }))),
      `{${kinds.map((kind) => JSON.stringify(kind)).join(',')}}`,
    ],
  );
  const found = new Map(
    rows.map(({ claimed, claimedCancel, want_attempt: wantAttempt, ...seen }) => [
      `${seen.id}_${wantAttempt}`,
      { seen, claimed: claimed ? { cancelRequested: claimedCancel === true } : null },
    ]),
  );
  return wanted.map((want) => found.get(`${want.id}_${want.attempt}`) ?? { seen: null, claimed: null });
}

/**
 * Claims the job for `attempt`, only if nobody changed it since `seen` was read: two deliveries of
 * one job race here, and exactly one wins. Also the fence for a stale worker's later writes.
 * Returns the claimed row. (The runner claims with `claimJobs`, which loads and claims at once.)
 */
export function markRunning(em: EntityManager, seen: JobRecord, attempt: number): Promise<JobRecord | null> {
  return one(
    em,
    `update job set status = 'running', attempts = ?, started_at = coalesce(started_at, now()), heartbeat_at = now()
     where id = ? and status = ? and attempts = ? returning ${COLUMNS}`,
    [attempt, seen.id, seen.status, seen.attempts],
  );
}

type Finish = { status: 'completed'; result: JsonObject | null } | { status: 'failed'; error: string } | { status: 'cancelled' };

/** Ends the job if it is still this attempt's to end (a newer attempt or a cancel may have taken over). */
export function finishJob(em: EntityManager, id: string, attempt: number | null, finish: Finish): Promise<JobRecord | null> {
  const result = finish.status === 'completed' && finish.result !== null ? JSON.stringify(finish.result) : null;
  const error = finish.status === 'failed' ? finish.error : null;
  const owner = attempt === null ? '' : 'and attempts = ?';
  return one(
    em,
    // A completed job drops the reason of an earlier failed attempt; the others keep their last one.
    `update job set status = ?, result = coalesce(?::jsonb, result),
       error = case when ? = 'completed' then null else coalesce(?, error) end,
       progress = case when ? = 'completed' then 100 else progress end, finished_at = now()
     where id = ? and status not in ${FINAL} ${owner} returning ${COLUMNS}`,
    [finish.status, result, finish.status, error, finish.status, id, ...(attempt === null ? [] : [attempt])],
  );
}

/** `finishJob` with `completed` for a batch, each only if its attempt still owns the job; returns the rows completed. */
export function completeJobs(em: EntityManager, items: readonly { id: string; attempt: number; result: JsonObject | null }[]): Promise<JobRecord[]> {
  const rows = JSON.stringify(items.map((item) => ({ done_id: item.id, done_attempt: item.attempt, done_result: item.result })));
  return em.execute<JobRecord[]>(
    `update job set status = 'completed', result = coalesce(done.done_result, job.result), error = null, progress = 100, finished_at = now()
     from jsonb_to_recordset(?::jsonb) as done(done_id uuid, done_attempt int, done_result jsonb)
     where job.id = done.done_id and job.attempts = done.done_attempt and job.status not in ${FINAL}
     returning ${COLUMNS}`,
    [rows],
  );
}

/** Puts the job back to queued and schedules attempt+1 after `delayMs`, atomically: a crash in between loses nothing. */
export function scheduleRetry(em: EntityManager, job: JobRecord, attempt: number, delayMs: number, reason: string): Promise<boolean> {
  return em.transactional(async (tx) => {
    const updated = await one(
      tx,
      `update job set status = 'queued', error = ? where id = ? and status = 'running' and attempts = ? and not cancel_requested returning ${COLUMNS}`,
      [reason, job.id, attempt],
    );
    if (updated === null) return false;
    await tx.execute(
      `insert into job_outbox (job_id, tenant_id, kind, attempt, available_at) values (?, ?, ?, ?, now() + ? * interval '1 millisecond')`,
      [job.id, job.tenantId, job.kind, attempt + 1, Math.round(delayMs)],
    );
    return true;
  });
}

/** After the parent's handler returned: from now on its children's completion may settle it. */
export async function markAwaitingChildren(em: EntityManager, id: string, attempt: number, result: JsonObject | undefined): Promise<boolean> {
  const updated = await one(
    em,
    `update job set awaiting_children = true, result = ?::jsonb, heartbeat_at = now()
     where id = ? and status = 'running' and attempts = ? returning ${COLUMNS}`,
    [result === undefined ? null : JSON.stringify(result), id, attempt],
  );
  return updated !== null;
}

/**
 * Completes a waiting parent once no child is open: one conditional statement, so when the last
 * two children finish at the same moment exactly one of them settles it. All children failed →
 * failed; cancel requested → cancelled; otherwise completed. The summary is merged into `result`.
 */
export function settleParent(em: EntityManager, parentId: string): Promise<JobRecord | null> {
  return one(
    em,
    `with children as (
       select count(*) filter (where status = 'completed')::int as completed,
              count(*) filter (where status = 'failed')::int as failed,
              count(*) filter (where status = 'cancelled')::int as cancelled,
              count(*) filter (where status not in ${FINAL})::int as open
       from job where parent_id = ?
     ), outcome as (
       select *, case when failed > 0 and completed = 0 and cancelled = 0 then true else false end as all_failed from children
     )
     update job set
       status = case when job.cancel_requested then 'cancelled' when outcome.all_failed then 'failed' else 'completed' end,
       error = case when outcome.all_failed and not job.cancel_requested then 'all ' || outcome.failed || ' child jobs failed' else job.error end,
       result = coalesce(job.result, '{}'::jsonb) || jsonb_build_object('children',
         jsonb_build_object('completed', outcome.completed, 'failed', outcome.failed, 'cancelled', outcome.cancelled)),
       progress = 100, awaiting_children = false, finished_at = now()
     from outcome
     where job.id = ? and job.status = 'running' and job.awaiting_children and outcome.open = 0
     returning ${COLUMNS}`,
    [parentId, parentId],
  );
}

/** One statement per tick for all jobs this process runs: fresh heartbeats, and which of them were cancelled. */
export async function heartbeat(em: EntityManager, ids: string[], touch: boolean): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = touch
    ? await em.execute<{ id: string; cancel_requested: boolean }[]>(
        `update job set heartbeat_at = now() where id in (?) and status = 'running' returning id, cancel_requested`,
        [ids],
      )
    : await em.execute<{ id: string; cancel_requested: boolean }[]>(`select id, cancel_requested from job where id in (?)`, [ids]);
  return rows.filter((row) => row.cancel_requested).map((row) => row.id);
}
