import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import { tenantEntityManager } from './job-context.ts';
import { JobsService } from './jobs.service.ts';
import { startHarness } from './testing/job-harness.ts';
import { defineJobTransportContract } from './testing/job-transport-contract.ts';

let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

defineJobTransportContract(
  'embedded',
  (shared) => new EmbeddedTransport({ orm: shared.orm }),
  () => db,
);

describe('embedded transport restart', () => {
  it('runs the jobs a previous process left queued or running', async () => {
    const jobs = new JobsService();
    const em = tenantEntityManager(db.orm, db.tenantId);
    const [inMemory, crashed, notRelayed] = await em.transactional(async (tx) =>
      Promise.all(
        ['one', 'two', 'three'].map(async (name) => (await jobs.createJob(tx, { kind: 'work', tenantId: db.tenantId, payload: { name } })).id),
      ),
    );
    const sql = db.orm.em.fork();
    // The old process had relayed two of them into its memory queue and started one, then died.
    await sql.execute('delete from job_outbox where job_id in (?)', [[inMemory, crashed]]);
    await sql.execute(`update job set status = 'running', attempts = 1, started_at = now(), heartbeat_at = now() where id = ?`, [crashed]);

    const runs: string[] = [];
    const h = await startHarness(
      db,
      new EmbeddedTransport({ orm: db.orm }),
      (runner) => runner.register('work', async (ctx) => void runs.push(`${ctx.jobId}@${ctx.attempt}`)),
      {
        relay: false,
      },
    );
    try {
      expect(await h.waitFor(inMemory ?? '')).toMatchObject({ status: 'completed' });
      expect(await h.waitFor(crashed ?? '')).toMatchObject({ status: 'completed', attempts: 1 });
      // The one still in the outbox belongs to the relay.
      expect((await h.waitFor(notRelayed ?? '', ['queued'])).status).toBe('queued');
      h.relay.start();
      expect(await h.waitFor(notRelayed ?? '')).toMatchObject({ status: 'completed' });
      expect(runs.sort()).toEqual([`${crashed}@1`, `${inMemory}@1`, `${notRelayed}@1`].sort());
      expect(h.events.of('job.resumed', crashed)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
