import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseSchema } from '../modules/courses/course.entity.ts';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import { tenantEntityManager } from './job-context.ts';
import { waitForChildren } from './job-contracts.ts';
import { JobsService } from './jobs.service.ts';
import { sleep, startHarness } from './testing/job-harness.ts';

let db: JobsTestDatabase;
let otherTenant: string;
const jobs = new JobsService();

beforeAll(async () => {
  db = await startJobsTestDatabase();
  otherTenant = randomUUID();
  await db.orm.em
    .fork()
    .execute(`insert into tenant (id, name, slug, created_at) values (?, 'Other', ?, now())`, [otherTenant, `other-${otherTenant}`]);
});
afterAll(() => db?.close());

describe('JobsService tenant scoping', () => {
  it("does not show, cancel or adopt another tenant's jobs", async () => {
    const mine = tenantEntityManager(db.orm, db.tenantId);
    const job = await mine.transactional((tx) => jobs.createJob(tx, { kind: 'scoped', tenantId: db.tenantId, payload: {} }));
    const theirs = tenantEntityManager(db.orm, otherTenant);
    expect(await jobs.get(theirs, job.id)).toBeNull();
    expect(await theirs.transactional((tx) => jobs.requestCancel(tx, job.id))).toBeNull();
    await expect(
      theirs.transactional((tx) => jobs.createJob(tx, { kind: 'child', tenantId: otherTenant, parentId: job.id, payload: {} })),
    ).rejects.toThrow('does not exist');
    expect(await jobs.get(tenantEntityManager(db.orm, db.tenantId), job.id)).toMatchObject({
      status: 'queued',
      cancelRequested: false,
      streamJobId: job.id,
    });
  });
});

describe('JobRunner', () => {
  it("gives handlers a tenant-scoped EntityManager and reports progress on the row and the job's stream", async () => {
    const h = await startHarness(db, new EmbeddedTransport({ orm: db.orm }), (runner) =>
      runner.register('inspect', async (ctx) => {
        await ctx.progress(40, 'Reading courses', { step: 1 });
        const progress = await ctx.em().getConnection().execute('select progress, progress_message from job where id = ?', [ctx.jobId]);
        // The tenant filter is on: a query without the job's tenant in scope would throw instead.
        const courses = await ctx.em().find(CourseSchema, {});
        return { courses: courses.length, progress: progress[0]?.progress ?? null };
      }),
    );
    try {
      const id = await h.create('inspect');
      expect(await h.waitFor(id)).toMatchObject({ status: 'completed', result: { courses: 0, progress: 40 } });
      expect(h.events.of('job.progress', id).map((event) => event.data)).toEqual([
        { jobId: id, kind: 'inspect', parentId: null, step: 1, percent: 40, message: 'Reading courses' },
      ]);
      expect(h.events.events.filter((event) => event.data.jobId === id).map((event) => event.type)).toEqual([
        'job.started',
        'job.progress',
        'job.completed',
      ]);
    } finally {
      await h.stop();
    }
  });

  it('cancelling a fan-out stops the running child, cancels the queued ones and settles the parent once as cancelled', async () => {
    const ran: string[] = [];
    const h = await startHarness(
      db,
      new EmbeddedTransport({ orm: db.orm }),
      (runner) => {
        runner.register('generate', async () => waitForChildren({ children: [0, 1, 2, 3].map((index) => ({ kind: 'lesson', payload: { index } })) }));
        runner.register('lesson', async (ctx) => {
          ran.push(ctx.jobId);
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          ctx.signal.throwIfAborted();
          return {};
        });
      },
      // No polling within the test's life: the stop can only come from announceCancel's local abort
      // (a wall-clock bound on it would fail on a loaded machine without any bug).
      { concurrency: 2, runner: { cancelPollMs: 3_600_000 } },
    );
    try {
      const parent = await h.create('generate');
      await sleep(50);
      while (ran.length < 2) await sleep(10);
      const em = tenantEntityManager(db.orm, db.tenantId);
      const request = await em.transactional((tx) => h.jobs.requestCancel(tx, parent));
      expect(request?.stopping.map((job) => job.id).sort()).toEqual([parent, ...ran].sort());
      expect(request?.cancelled).toHaveLength(2);
      if (request !== null) await h.runner.announceCancel(request);
      expect(await h.waitFor(parent)).toMatchObject({ status: 'cancelled', result: { children: { completed: 0, failed: 0, cancelled: 4 } } });
      await sleep(100);
      expect(ran).toHaveLength(2);
      expect(h.events.of('job.cancelled').map((event) => event.data.jobId)).toHaveLength(5);
      expect(h.events.of('job.cancelled', parent)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
