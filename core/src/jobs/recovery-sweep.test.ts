import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { loadJob, markRunning } from './job-state.ts';
import { sweepStuckJobs } from './recovery-sweep.ts';

describe('recovery sweep', () => {
  let db: JobsTestDatabase;
  beforeAll(async () => {
    db = await startJobsTestDatabase();
  });
  afterAll(() => db?.close());

  const sql = <T extends object>(query: string, params: unknown[] = []) => db.orm.em.fork().getConnection().execute<T[]>(query, params);
  const outbox = (id: string) => sql<{ attempt: number }>('select attempt from job_outbox where job_id = ? order by id', [id]);
  /** What the relay does once the transport accepted the delivery. */
  const relayed = (id: string) => sql('delete from job_outbox where job_id = ?', [id]);

  it('counts one attempt per crash, however long the resumed job waits in the queue', async () => {
    const id = randomUUID();
    await sql(
      `insert into job (id, tenant_id, kind, status, payload, stream_job_id, attempts, started_at, heartbeat_at, created_at)
       values (?, ?, 'slow', 'running', '{}', ?, 1, now() - interval '5 minutes', now() - interval '2 minutes', now() - interval '5 minutes')`,
      [id, db.tenantId, id],
    );
    expect((await sweepStuckJobs(db.orm, { staleAfterSeconds: 30 })).resumed).toEqual([id]);
    expect(await outbox(id)).toEqual([{ attempt: 2 }]);
    await relayed(id);
    // Within the stale period an unclaimed re-sent job is left alone: no re-send on every pass.
    expect(await sweepStuckJobs(db.orm, { staleAfterSeconds: 30 })).toEqual({ resumed: [], requeued: [] });

    // Attempt 2 waits behind other work for longer than the stale time (0 s here): its delivery is
    // re-sent as it is (the transport dedupes it), not bumped to attempt 3 as if it had crashed too.
    expect(await sweepStuckJobs(db.orm, { staleAfterSeconds: 0 })).toEqual({ resumed: [], requeued: [id] });
    expect(await outbox(id)).toEqual([{ attempt: 2 }]);
    await relayed(id);
    expect(await loadJob(db.orm.em.fork(), id)).toMatchObject({ status: 'running', attempts: 2 });

    // A worker claims attempt 2 and dies as well: that is the next attempt.
    const seen = await loadJob(db.orm.em.fork(), id);
    if (seen === null) throw new Error('job vanished');
    expect(await markRunning(db.orm.em.fork(), seen, 2)).toMatchObject({ attempts: 2 });
    expect(await sweepStuckJobs(db.orm, { staleAfterSeconds: 30 })).toEqual({ resumed: [], requeued: [] });
    await sql(`update job set heartbeat_at = now() - interval '2 minutes' where id = ?`, [id]);
    expect((await sweepStuckJobs(db.orm, { staleAfterSeconds: 30 })).resumed).toEqual([id]);
    expect(await outbox(id)).toEqual([{ attempt: 3 }]);
  });
});
