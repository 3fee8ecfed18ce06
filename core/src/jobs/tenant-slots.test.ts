import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import { TransientJobError } from './job-contracts.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { sweepStuckJobs } from './recovery-sweep.ts';
import { startHarness } from './testing/job-harness.ts';
import { createTenantJobs, jobsInFlight, newTenant, recordingTransport, sql } from './testing/tenant-jobs.ts';

// A tenant at its limit (1 here) gets its next job handed over only once a job of its own leaves
// flight: by failing, by waiting in the outbox for a retry, or by dying and being recovered.
let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

it("a failed job, and one waiting for its retry, free their tenant's only slot", async () => {
  const tenantId = await newTenant(db);
  const ran: string[] = [];
  const h = await startHarness(
    db,
    new EmbeddedTransport({ orm: db.orm }),
    (runner) =>
      runner
        .register('fails', async () => {
          ran.push('fails');
          throw new Error('broken for good');
        })
        .register('retries', async () => {
          ran.push('retries');
          throw new TransientJobError('try again later');
        })
        .register('works', async () => {
          ran.push('works');
          return {};
        }),
    // The retry's back-off outlasts the test: the job waits in the outbox all along. No worker
    // slots are claimed, so none is lent beyond the limit: one job at a time.
    { tenantJobLimit: 1, claimSlots: false, runner: { retryBaseMs: 600_000, retryCapMs: 600_000 } },
  );
  try {
    const failing = await h.create('fails', {}, { tenantId });
    const afterFailure = await h.create('works', {}, { tenantId });
    expect(await h.waitFor(failing)).toMatchObject({ status: 'failed' });
    expect(await h.waitFor(afterFailure)).toMatchObject({ status: 'completed' });
    const retrying = await h.create('retries', {}, { tenantId, maxAttempts: 3 });
    const afterRetry = await h.create('works', {}, { tenantId });
    expect(await h.waitFor(afterRetry)).toMatchObject({ status: 'completed' });
    expect(await h.waitFor(retrying, ['queued'])).toMatchObject({ attempts: 1 });
    // One at a time: each job started only after the one before it had left flight.
    expect(ran).toEqual(['fails', 'works', 'retries', 'works']);
  } finally {
    await h.stop();
  }
});

it("the recovery sweep frees the slot of a job whose worker died, so the tenant's next job is handed over", async () => {
  const tenantId = await newTenant(db);
  const [dead, next] = await createTenantJobs(db, tenantId, 2);
  const transport = recordingTransport();
  const relay = new OutboxRelay({ orm: db.orm, transport, tenantJobLimit: 1 });
  expect(await relay.relayOnce()).toBe(1);
  // A worker claimed it, then died: no heartbeat since.
  await sql(db, `update job set status = 'running', attempts = 1, heartbeat_at = now() - interval '10 minutes' where id = ?`, [dead]);
  expect(await relay.relayOnce()).toBe(0);
  expect(await sweepStuckJobs(db.orm, { staleAfterSeconds: 60 })).toMatchObject({ resumed: [dead] });
  // The dead job's slot is free: the tenant's oldest waiting row (the next job) goes first, the
  // dead job's re-sent attempt waits for the next slot.
  expect(await relay.relayOnce()).toBe(1);
  expect(transport.delivered.map((delivery) => [delivery.id, delivery.attempt])).toEqual([
    [dead, 1],
    [next, 1],
  ]);
  expect(await jobsInFlight(db, tenantId)).toBe(1);
});
