import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryFailedUsageReports } from '../modules/billing/usage-report-queue.ts';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { loadJob, markRunning } from './job-state.ts';
import { cancelJob, listJobs, retryJob } from './operator-jobs.ts';
import { listOutbox, replayOutbox } from './operator-outbox.ts';

describe('operator tools (mirai jobs, outbox, usage-reports)', () => {
  let db: JobsTestDatabase;
  beforeAll(async () => {
    db = await startJobsTestDatabase();
  });
  afterAll(() => db?.close());

  const sql = <T extends object>(query: string, params: unknown[] = []) => db.orm.em.fork().getConnection().execute<T[]>(query, params);
  const em = () => db.orm.em.fork();
  async function job(status: string, options: { parentId?: string; attempts?: number; kind?: string } = {}): Promise<string> {
    const id = randomUUID();
    await sql(
      `insert into job (id, tenant_id, kind, status, payload, stream_job_id, attempts, max_attempts, parent_id, error, finished_at)
       values (?, ?, ?, ?, '{}', ?, ?, 3, ?, ?, case when ? in ('completed', 'failed', 'cancelled') then now() end)`,
      [
        id,
        db.tenantId,
        options.kind ?? 'ops-test',
        status,
        options.parentId ?? id,
        options.attempts ?? 0,
        options.parentId ?? null,
        status === 'failed' ? 'boom' : null,
        status,
      ],
    );
    return id;
  }

  it('lists jobs newest first, filtered by status and kind', async () => {
    const failed = await job('failed', { attempts: 3, kind: 'ops-list' });
    await job('completed', { kind: 'ops-list' });
    const listed = await listJobs(em(), { status: 'failed', kind: 'ops-list', limit: 10 });
    expect(listed.map((j) => j.id)).toEqual([failed]);
    expect(listed[0]).toMatchObject({ status: 'failed', attempts: 3, maxAttempts: 3, error: 'boom', tenantId: db.tenantId });
  });

  it('retries a failed job: queued with a fresh budget and an outbox row a worker can claim', async () => {
    const id = await job('failed', { attempts: 3 });
    const outcome = await retryJob(em(), id);
    expect(outcome).toMatchObject({ retried: { id, status: 'queued', attempts: 3, maxAttempts: 6, error: null } });
    expect(await sql('select attempt from job_outbox where job_id = ?', [id])).toEqual([{ attempt: 4 }]);
    const reloaded = await loadJob(em(), id);
    if (reloaded === null) throw new Error('job vanished');
    // What the runner does with that delivery: the claim succeeds for attempt 4.
    expect((await markRunning(em(), reloaded, 4))?.status).toBe('running');
    expect(await retryJob(em(), id)).toEqual({ refused: `job ${id} is running; only failed or cancelled jobs are retried` });
  });

  it('refuses to retry a child of a finished job, and an unknown id', async () => {
    const parent = await job('failed');
    const child = await job('failed', { parentId: parent });
    expect(await retryJob(em(), child)).toEqual({ refused: `job ${child} belongs to a finished failed job; retry that one` });
    expect(await sql('select * from job_outbox where job_id = ?', [child])).toEqual([]);
    const unknown = randomUUID();
    expect(await retryJob(em(), unknown)).toEqual({ refused: `no job ${unknown}` });
  });

  it('cancels a job and its unfinished children, making their deliveries due now', async () => {
    const parent = await job('running');
    const queued = await job('queued', { parentId: parent });
    const done = await job('completed', { parentId: parent });
    await sql(
      `insert into job_outbox (job_id, tenant_id, kind, attempt, available_at) select id, tenant_id, 'ops-test', 1, now() + interval '1 hour' from job where id = ?`,
      [queued],
    );
    expect((await cancelJob(em(), parent)).sort()).toEqual([parent, queued].sort());
    const flags = await sql<{ id: string; cancel_requested: boolean }>('select id, cancel_requested from job where id in (?)', [
      [parent, queued, done],
    ]);
    expect(Object.fromEntries(flags.map((f) => [f.id, f.cancel_requested]))).toEqual({ [parent]: true, [queued]: true, [done]: false });
    expect(await sql('select 1 from job_outbox where job_id = ? and available_at <= now()', [queued])).toHaveLength(1);
    expect(await cancelJob(em(), done)).toEqual([]);
  });

  it('shows the outbox oldest first and replays waiting rows, listing only with a dry run', async () => {
    const id = await job('queued');
    await sql(
      `insert into job_outbox (job_id, tenant_id, kind, attempt, available_at) select id, tenant_id, 'ops-test', 2, now() + interval '10 minutes' from job where id = ?`,
      [id],
    );
    const { total, entries } = await listOutbox(em(), 1000);
    expect(total).toBeGreaterThanOrEqual(1);
    const entry = entries.find((e) => e.jobId === id);
    expect(entry).toMatchObject({ kind: 'ops-test', attempt: 2 });
    const planned = await replayOutbox(em(), { dryRun: true, jobId: id });
    expect(planned).toEqual([entry?.id]);
    expect(await sql('select 1 from job_outbox where job_id = ? and available_at <= now()', [id])).toEqual([]);
    expect(await replayOutbox(em(), { dryRun: false, jobId: id })).toEqual(planned);
    expect(await sql('select 1 from job_outbox where job_id = ? and available_at <= now()', [id])).toHaveLength(1);
  });

  it('puts failed usage reports back to pending, listing only with a dry run', async () => {
    const jobId = await job('completed');
    const [failed, reported] = [randomUUID(), randomUUID()];
    for (const [id, status] of [
      [failed, 'failed'],
      [reported, 'reported'],
    ] as const)
      await sql(
        `insert into billing_usage_report (id, tenant_id, job_id, ai_tokens, occurred_at, status, attempts, next_attempt_at, last_error)
         values (?, ?, ?, 10, now(), ?, 4, now() + interval '1 day', 'plan missing')`,
        [id, db.tenantId, jobId, status],
      );
    expect(await retryFailedUsageReports(em(), { dryRun: true, tenantId: db.tenantId })).toEqual([failed]);
    expect(await sql('select status from billing_usage_report where id = ?', [failed])).toEqual([{ status: 'failed' }]);
    expect(await retryFailedUsageReports(em(), { dryRun: false, tenantId: db.tenantId })).toEqual([failed]);
    const [row] = await sql<{ status: string; attempts: number; due: boolean }>(
      'select status, attempts, next_attempt_at <= now() as due from billing_usage_report where id = ?',
      [failed],
    );
    expect(row).toEqual({ status: 'pending', attempts: 0, due: true });
  });
});
