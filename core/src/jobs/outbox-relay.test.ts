import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { tenantEntityManager } from './job-context.ts';
import type { JobDelivery, JobTransport } from './job-transport.ts';
import { JobsService } from './jobs.service.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { sleep } from './testing/job-harness.ts';

let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

/** Records deliveries; only the relay is under test. */
function recorder(delayMs = 0): JobTransport & { delivered: JobDelivery[] } {
  const delivered: JobDelivery[] = [];
  return {
    name: 'recorder',
    delivered,
    async enqueue(deliveries) {
      if (delayMs > 0) await sleep(delayMs);
      delivered.push(...deliveries);
    },
    consume: async () => undefined,
    close: async () => undefined,
  };
}

async function createJobs(count: number): Promise<string[]> {
  const jobs = new JobsService();
  const em = tenantEntityManager(db.orm, db.tenantId);
  return em.transactional(async (tx) => {
    const ids: string[] = [];
    for (let index = 0; index < count; index++)
      ids.push((await jobs.createJob(tx, { kind: 'relayed', tenantId: db.tenantId, payload: { index } })).id);
    return ids;
  });
}

it('several relays share the outbox without delivering a row twice', async () => {
  const ids = await createJobs(120);
  const transports = [recorder(), recorder(), recorder()];
  const relays = transports.map((transport) => new OutboxRelay({ orm: db.orm, transport, pollMs: 5, batchSize: 7, tenantJobLimit: 1000 }));
  for (const relay of relays) relay.start();
  const delivered = () => transports.flatMap((transport) => transport.delivered);
  while (delivered().length < ids.length) await sleep(10);
  await Promise.all(relays.map((relay) => relay.stop()));
  expect(
    delivered()
      .map((delivery) => delivery.id)
      .sort(),
  ).toEqual([...ids].sort());
  expect(delivered().every((delivery) => delivery.attempt === 1 && delivery.kind === 'relayed')).toBe(true);
});

it('stop() waits for the pass in progress, and nothing is enqueued afterwards', async () => {
  const ids = await createJobs(5);
  const transport = recorder(30);
  // The recorder never finishes a job: a limit above the test's jobs keeps the tenant's slots free.
  const relay = new OutboxRelay({ orm: db.orm, transport, pollMs: 5, tenantJobLimit: 1000 });
  relay.start();
  await sleep(40);
  await relay.stop();
  const atStop = transport.delivered.length;
  expect(atStop).toBe(ids.length);
  await sleep(100);
  expect(transport.delivered).toHaveLength(atStop);
  expect(await db.orm.em.fork().execute('select count(*)::int as n from job_outbox')).toEqual([{ n: 0 }]);
});

it('leaves rows whose delivery is not due yet (retry back-off)', async () => {
  const [id] = await createJobs(1);
  await db.orm.em.fork().execute(`update job_outbox set available_at = now() + interval '1 hour' where job_id = ?`, [id]);
  const transport = recorder();
  const relay = new OutboxRelay({ orm: db.orm, transport, tenantJobLimit: 1000 });
  expect(await relay.relayOnce()).toBe(0);
  expect(transport.delivered).toEqual([]);
});
