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
  // Renewed every 100 ms, each renewal good for 2 s: renewals keep up on a busy machine too.
  const renewed = new WorkerSlots({ orm: db.orm, slots: 2, beatMs: 100, ttlMs: 2_000 });
  // Claimed once, never renewed: a worker that died.
  const dead = new WorkerSlots({ orm: db.orm, slots: 5, beatMs: 60_000, ttlMs: 2_000 });
  await renewed.start();
  await dead.beat();
  try {
    expect(await capacity()).toBe(7);
    // Once the database clock is past the dead claim's expiry (the renewed one's first claim, made
    // before it, ran out even earlier), only the renewed claim counts.
    const [dying] = await db.orm.em.fork().execute<Array<{ expires_at: string }>>('select expires_at::text from job_worker where id = ?', [dead.id]);
    const past = async () =>
      (await db.orm.em.fork().execute<Array<{ past: boolean }>>('select now() > ?::timestamptz as past', [dying?.expires_at]))[0]?.past === true;
    for (const deadline = Date.now() + 30_000; !(await past()); await sleep(50))
      if (Date.now() > deadline) throw new Error('the database clock did not pass the claim expiry');
    expect(await capacity()).toBe(2);
  } finally {
    await renewed.stop();
    await dead.stop();
  }
});

it('refuses a claim of no slots', () => {
  expect(() => new WorkerSlots({ orm: db.orm, slots: 0 })).toThrow(/positive integer/);
});

it('a starting worker forgets claims that ran out over an hour ago and keeps recent ones', async () => {
  const em = db.orm.em.fork();
  await em.execute(
    `insert into job_worker (id, slots, seen_at, expires_at) values
       ('00000000-0000-4000-8000-00000000000a', 1, now() - interval '3 hours', now() - interval '2 hours'),
       ('00000000-0000-4000-8000-00000000000b', 1, now() - interval '2 minutes', now() - interval '1 minute')`,
  );
  const worker = new WorkerSlots({ orm: db.orm, slots: 1 });
  await worker.start();
  try {
    const rows = await em.execute<Array<{ id: string }>>(`select id from job_worker where id <> ? order by id`, [worker.id]);
    expect(rows.map((row) => row.id)).toEqual(['00000000-0000-4000-8000-00000000000b']);
    expect(await capacity()).toBe(1);
  } finally {
    await worker.stop();
    await em.execute(`delete from job_worker where id = '00000000-0000-4000-8000-00000000000b'`);
  }
});
