import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@mirai/sdk-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { BullmqTransport } from './bullmq-transport.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import { tenantEntityManager } from './job-context.ts';
import { JobRunner } from './job-runner.ts';
import { claimJobs, completeJobs, loadJob } from './job-state.ts';
import type { JobDelivery, JobTransport } from './job-transport.ts';
import { JobsService } from './jobs.service.ts';
import { sleep, until } from './testing/job-harness.ts';

let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

async function createJobs(count: number, kind = 'batched'): Promise<string[]> {
  const jobs = new JobsService();
  return tenantEntityManager(db.orm, db.tenantId).transactional(async (tx) => {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) ids.push((await jobs.createJob(tx, { kind, tenantId: db.tenantId, payload: { index } })).id);
    return ids;
  });
}

describe('batched claims', () => {
  it('claims each job of a batch for its attempt, answers in order, and leaves unhandled kinds and unknown ids alone', async () => {
    const ids = await createJobs(3);
    const [foreign] = await createJobs(1, 'unhandled');
    const missing = randomUUID();
    const wanted = [...ids, foreign ?? '', missing].reverse().map((id) => ({ id, attempt: 1 }));
    const results = await claimJobs(db.orm.em.fork(), wanted, ['batched']);
    expect(results.map((result) => result.seen?.id ?? null)).toEqual([null, foreign, ...[...ids].reverse()]);
    expect(results.map((result) => result.claimed !== null)).toEqual([false, false, true, true, true]);
    expect(results[2]?.seen).toMatchObject({ status: 'queued', attempts: 0 });
    for (const id of ids) expect(await loadJob(db.orm.em.fork(), id)).toMatchObject({ status: 'running', attempts: 1 });
    expect(await loadJob(db.orm.em.fork(), foreign ?? '')).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('one runner given each delivery several times at once runs each handler once and completes each job once', async () => {
    const ids = await createJobs(20);
    const ran: string[] = [];
    const events: string[] = [];
    const publisher = {
      async publish(_stream: string, event: { type: string; data: object }) {
        if (event.type === 'job.completed') events.push(JSON.stringify(event.data));
        return 1;
      },
    };
    const runner = new JobRunner({ orm: db.orm, publisher });
    runner.register('batched', async (ctx) => {
      ran.push(ctx.jobId);
      return { ok: true };
    });
    try {
      const outcomes = await Promise.all([...ids, ...ids, ...ids].map((id) => runner.run(id, 1)));
      expect(outcomes.every((outcome) => outcome === 'done')).toBe(true);
      for (const id of ids) expect(await loadJob(db.orm.em.fork(), id)).toMatchObject({ status: 'completed', attempts: 1, result: { ok: true } });
      // A late duplicate finds the job finished and does nothing.
      await Promise.all(ids.map((id) => runner.run(id, 1)));
    } finally {
      await runner.shutdown();
    }
    expect([...ran].sort()).toEqual([...ids].sort());
    expect(events).toHaveLength(ids.length);
  });

  it('an older attempt claims nothing once a newer one owns the job', async () => {
    const [id = ''] = await createJobs(1);
    expect((await claimJobs(db.orm.em.fork(), [{ id, attempt: 2 }], ['batched']))[0]?.claimed).not.toBeNull();
    expect((await claimJobs(db.orm.em.fork(), [{ id, attempt: 1 }], ['batched']))[0]).toMatchObject({ claimed: null, seen: { attempts: 2 } });
  });
});

describe('batched completions', () => {
  it('completes each job once, only for the attempt that owns it', async () => {
    const [first = '', second = ''] = await createJobs(2);
    await claimJobs(
      db.orm.em.fork(),
      [
        { id: first, attempt: 1 },
        { id: second, attempt: 2 },
      ],
      ['batched'],
    );
    const items: { id: string; attempt: number; result: JsonObject }[] = [
      { id: first, attempt: 1, result: { n: 1 } },
      { id: second, attempt: 1, result: { stale: true } },
      { id: second, attempt: 2, result: { n: 2 } },
    ];
    const ended = await completeJobs(db.orm.em.fork(), items);
    expect(ended.map((row) => [row.id, row.attempts, row.result]).sort()).toEqual(
      [
        [first, 1, { n: 1 }],
        [second, 2, { n: 2 }],
      ].sort(),
    );
    expect(await completeJobs(db.orm.em.fork(), items)).toEqual([]);
  });
});

/** A batch with a duplicate inside, sent twice: each delivery is processed once; sent again once processed, it runs again. */
async function batchDedupe(transport: JobTransport): Promise<void> {
  const calls: string[] = [];
  await transport.consume(
    async (delivery) => {
      // The embedded transport also picks up the unfinished jobs the other tests left.
      if (delivery.kind === 'dedupe') calls.push(delivery.id);
      return 'done';
    },
    { concurrency: 4 },
  );
  try {
    const batch: JobDelivery[] = Array.from({ length: 30 }, () => ({ id: randomUUID(), kind: 'dedupe', attempt: 1 }));
    const first = batch[0];
    if (first === undefined) throw new Error('unreachable');
    await Promise.all([transport.enqueue([...batch, first]), transport.enqueue(batch)]);
    await until(() => calls.length >= batch.length, 10_000);
    await sleep(200);
    expect([...calls].sort()).toEqual(batch.map((delivery) => delivery.id).sort());
    await transport.enqueue([first]);
    await until(() => calls.length === batch.length + 1, 10_000);
    expect(calls.at(-1)).toBe(first.id);
  } finally {
    await transport.close();
  }
}

describe('batched enqueue dedupes', () => {
  it('embedded transport', () => batchDedupe(new EmbeddedTransport({ orm: db.orm })));

  const redisUrl = process.env.MIRAI_TEST_REDIS_URL ?? '';
  it.skipIf(redisUrl === '')('BullMQ on Redis', () =>
    batchDedupe(
      new BullmqTransport({ backend: { kind: 'redis', target: redisUrl }, namespace: `mirai-test-${randomUUID().slice(0, 8)}`, queueName: 'dedupe' }),
    ),
  );

  it.skipIf((process.env.MIRAI_TEST_DATABASE_URL ?? '') === '')('BullMQ on PostgreSQL', () => {
    if (db.serverUrl === null) throw new Error('BullMQ on PostgreSQL needs MIRAI_TEST_DATABASE_URL');
    return batchDedupe(
      new BullmqTransport({ backend: { kind: 'postgres', connectionString: db.serverUrl }, queueName: `dedupe-${randomUUID().slice(0, 8)}` }),
    );
  });
});
