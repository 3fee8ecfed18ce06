import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { sleep } from './testing/job-harness.ts';
import { deploymentSlots, WorkerSlots } from './worker-slots.ts';

let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

const capacity = () => deploymentSlots(db.orm.em.fork());

async function untilCapacity(expected: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; (await capacity()) !== expected; await sleep(20))
    if (Date.now() > deadline) throw new Error(`capacity is ${await capacity()}, expected ${expected}`);
}

it("sums the slots of every worker's claim, and a stopped worker's no longer count", async () => {
  const workers = [new WorkerSlots({ orm: db.orm, slots: 4 }), new WorkerSlots({ orm: db.orm, slots: 3 })];
  for (const worker of workers) await worker.start();
  try {
    expect(await capacity()).toBe(7);
    await workers[0]?.stop();
    expect(await capacity()).toBe(3);
  } finally {
    for (const worker of workers) await worker.stop();
  }
  expect(await capacity()).toBe(0);
});

it('a claim counts while it is renewed and stops counting once renewals stop', async () => {
  // Renewed every 50 ms, each renewal good for 300 ms.
  const renewed = new WorkerSlots({ orm: db.orm, slots: 2, beatMs: 50, ttlMs: 300 });
  // Claimed once, never renewed: a worker that died.
  const dead = new WorkerSlots({ orm: db.orm, slots: 5, beatMs: 60_000, ttlMs: 300 });
  await renewed.start();
  await dead.beat();
  try {
    expect(await capacity()).toBe(7);
    // The dead claim expired; the renewed one, claimed first, would have expired before it without renewals.
    await untilCapacity(2);
  } finally {
    await renewed.stop();
    await dead.stop();
  }
});

it('refuses a claim of no slots', () => {
  expect(() => new WorkerSlots({ orm: db.orm, slots: 0 })).toThrow(/positive integer/);
});
