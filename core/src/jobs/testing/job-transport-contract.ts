import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../../testing/jobs-test-database.ts';
import { tenantEntityManager } from '../job-context.ts';
import { TransientJobError, WAIT_FOR_CHILDREN, waitForChildren } from '../job-contracts.ts';
import type { JobRunner } from '../job-runner.ts';
import type { JobTransport } from '../job-transport.ts';
import { sweepStuckJobs } from '../recovery-sweep.ts';
import { FlakyTransport, type Harness, type HarnessOptions, sleep, startHarness, type TransportFactory, until } from './job-harness.ts';
import { defineTenantFairnessContract } from './tenant-fairness-contract.ts';

/**
 * What every transport must give the job port, proven end to end (outbox → relay → transport →
 * runner → job table): exactly-once outcomes, bounded concurrency, retries, cancellation, fan-out,
 * and no lost work when the transport or a worker fails.
 */
export function defineJobTransportContract(
  name: string,
  makeTransport: TransportFactory | null,
  /** A database the test file shares with its other suites (a PGlite start costs seconds); by default one of its own. */
  sharedDatabase?: () => JobsTestDatabase,
): void {
  defineTenantFairnessContract(name, makeTransport, sharedDatabase);
  describe.skipIf(makeTransport === null)(`job transport contract: ${name}`, () => {
    let db: JobsTestDatabase;
    let harness: Harness | null = null;
    const runs = new Map<string, number>();
    const counted = (jobId: string) => runs.set(jobId, (runs.get(jobId) ?? 0) + 1);

    beforeAll(async () => {
      db = sharedDatabase?.() ?? (await startJobsTestDatabase());
    });
    afterAll(() => (sharedDatabase === undefined ? db?.close() : undefined));
    afterEach(async () => {
      await harness?.stop();
      harness = null;
      runs.clear();
    });

    const start = async (register: (runner: JobRunner) => void, options: HarnessOptions & { wrap?: (t: JobTransport) => JobTransport } = {}) => {
      if (makeTransport === null) throw new Error('unreachable');
      const transport = makeTransport(db, randomUUID().slice(0, 8));
      harness = await startHarness(db, options.wrap?.(transport) ?? transport, register, options);
      return harness;
    };

    it('runs every job exactly once, never more at once than the concurrency', async () => {
      let active = 0;
      let peak = 0;
      const h = await start(
        (runner) =>
          runner.register('count', async (ctx) => {
            counted(ctx.jobId);
            peak = Math.max(peak, ++active);
            await sleep(25);
            active--;
            return { ok: true };
          }),
        { concurrency: 3 },
      );
      const ids = await Promise.all(Array.from({ length: 15 }, () => h.create('count')));
      for (const id of ids) expect(await h.waitFor(id)).toMatchObject({ status: 'completed', result: { ok: true }, attempts: 1 });
      expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBeGreaterThan(1);
      expect(h.events.of('job.completed')).toHaveLength(15);
    });

    it('retries a transient failure with back-off, then succeeds', async () => {
      const startedAt: number[] = [];
      const pluginTransient = Object.assign(new Error('provider rate limited'), { name: 'PluginError', transient: true });
      const h = await start((runner) =>
        runner.register('flaky', async (ctx) => {
          startedAt.push(Date.now());
          if (ctx.attempt === 1) throw new TransientJobError('provider timed out');
          if (ctx.attempt === 2) throw pluginTransient;
          return { attempt: ctx.attempt };
        }),
      );
      const id = await h.create('flaky');
      expect(await h.waitFor(id)).toMatchObject({ status: 'completed', attempts: 3, result: { attempt: 3 } });
      const retrying = h.events.of('job.retrying', id).map((event) => event.data);
      expect(retrying).toMatchObject([
        { attempt: 1, nextAttempt: 2, reason: 'provider timed out' },
        { attempt: 2, nextAttempt: 3, reason: 'provider rate limited' },
      ]);
      // Equal jitter: at least half the exponential delay (base 20 ms → ≥10 ms, then ≥20 ms).
      const [first = 0, second = 0, third = 0] = startedAt;
      expect(second - first).toBeGreaterThanOrEqual(10);
      expect(third - second).toBeGreaterThanOrEqual(20);
    });

    it('fails a permanent error once with its reason, and a transient one when attempts run out', async () => {
      const h = await start((runner) => {
        runner.register('broken', async (ctx) => {
          counted(ctx.jobId);
          throw new Error('The outline has no modules');
        });
        runner.register('always-transient', async (ctx) => {
          counted(ctx.jobId);
          throw new TransientJobError('still down');
        });
      });
      const broken = await h.create('broken');
      const exhausted = await h.create('always-transient', {}, { maxAttempts: 2 });
      expect(await h.waitFor(broken)).toMatchObject({ status: 'failed', error: 'The outline has no modules', attempts: 1 });
      expect(await h.waitFor(exhausted)).toMatchObject({ status: 'failed', error: 'still down', attempts: 2 });
      expect([runs.get(broken), runs.get(exhausted)]).toEqual([1, 2]);
      expect(h.events.of('job.failed', broken).map((event) => event.data.error)).toEqual(['The outline has no modules']);
    });

    it('cancels: a running handler is aborted through its signal promptly; a queued job never runs', async () => {
      let sawAbort = false;
      const h = await start(
        (runner) =>
          runner.register('long', async (ctx) => {
            counted(ctx.jobId);
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 20_000);
              ctx.signal.addEventListener('abort', () => {
                sawAbort = true;
                clearTimeout(timer);
                resolve();
              });
            });
            ctx.signal.throwIfAborted();
            return {};
          }),
        { concurrency: 1 },
      );
      const created = [await h.create('long'), await h.create('long')];
      // Whichever the transport delivers first runs (BullMQ on PostgreSQL does not keep the order
      // of jobs added together); the other waits behind it at concurrency 1.
      await until(() => runs.size > 0, 10_000);
      const running = created.find((id) => runs.has(id)) ?? '';
      const queued = created.find((id) => id !== running) ?? '';
      await h.waitFor(running, ['running']);
      const em = tenantEntityManager(db.orm, db.tenantId);
      const requestedAt = Date.now();
      // No announceCancel here: the runner must notice the flag on its own (another process asked).
      const [first, second] = await em.transactional(async (tx) => [await h.jobs.requestCancel(tx, running), await h.jobs.requestCancel(tx, queued)]);
      expect(first?.stopping.map((job) => job.id)).toEqual([running]);
      expect(second?.cancelled.map((job) => job.id)).toEqual([queued]);
      expect(await h.waitFor(running)).toMatchObject({ status: 'cancelled' });
      expect(Date.now() - requestedAt).toBeLessThan(2000);
      expect(sawAbort).toBe(true);
      expect(await h.waitFor(queued)).toMatchObject({ status: 'cancelled' });
      await sleep(100);
      expect([runs.get(running), runs.get(queued)]).toEqual([1, undefined]);
      expect(h.events.of('job.cancelled', running)).toHaveLength(1);
    });

    it('fan-out: the parent completes exactly once, after all of its children', async () => {
      const h = await start(
        (runner) => {
          runner.register('parent', async () =>
            waitForChildren({ children: Array.from({ length: 6 }, (_, index) => ({ kind: 'child', payload: { index } })), result: { planned: 6 } }),
          );
          // Like generation: the handler creates its children itself, then waits.
          runner.register('self-parent', async (ctx) => {
            await ctx.em().transactional(async (tx) => {
              for (const index of [0, 1, 2])
                await h.jobs.createJob(tx, { kind: 'child', tenantId: ctx.tenantId, parentId: ctx.jobId, payload: { index } });
            });
            return WAIT_FOR_CHILDREN;
          });
          runner.register('child', async (ctx) => {
            counted(ctx.jobId);
            await sleep(5 + Math.random() * 20);
            if (ctx.payload.index === 5) throw new Error('lesson 5 failed');
            return { index: ctx.payload.index ?? null };
          });
        },
        { concurrency: 4 },
      );
      const parent = await h.create('parent');
      const selfParent = await h.create('self-parent');
      expect(await h.waitFor(parent)).toMatchObject({
        status: 'completed',
        result: { planned: 6, children: { completed: 5, failed: 1, cancelled: 0 } },
      });
      expect(await h.waitFor(selfParent)).toMatchObject({ status: 'completed', result: { children: { completed: 3, failed: 0, cancelled: 0 } } });
      const children = await h.jobs.listChildren(tenantEntityManager(db.orm, db.tenantId), parent);
      expect(children.map((child) => child.status).sort()).toEqual(['completed', 'completed', 'completed', 'completed', 'completed', 'failed']);
      expect(children.every((child) => child.streamJobId === parent && runs.get(child.id) === 1)).toBe(true);
      await sleep(100);
      expect(h.events.of('job.completed', parent)).toHaveLength(1);
      expect(h.events.of('job.completed', selfParent)).toHaveLength(1);
      // Every event of the run, children's included, is on the parent's stream.
      expect(h.events.events.filter((event) => event.data.parentId === parent).every((event) => event.streamJobId === parent)).toBe(true);
    });

    it('outbox: a job created in a rolled-back transaction never runs', async () => {
      const h = await start((runner) => runner.register('never', async (ctx) => void counted(ctx.jobId)));
      const em = tenantEntityManager(db.orm, db.tenantId);
      let id = '';
      await expect(
        em.transactional(async (tx) => {
          id = (await h.jobs.createJob(tx, { kind: 'never', tenantId: db.tenantId, payload: {} })).id;
          await tx.flush();
          throw new Error('the course update failed');
        }),
      ).rejects.toThrow('the course update failed');
      h.relay.kick();
      await sleep(150);
      expect(await h.jobs.get(tenantEntityManager(db.orm, db.tenantId), id)).toBeNull();
      expect(runs.size).toBe(0);
    });

    it('outbox: deliveries the transport refused are retried by the relay, nothing is lost', async () => {
      const h = await start((runner) => runner.register('kept', async (ctx) => void counted(ctx.jobId)), {
        wrap: (inner) => new FlakyTransport(inner, 3),
      });
      const ids = await Promise.all([h.create('kept'), h.create('kept'), h.create('kept')]);
      for (const id of ids) expect(await h.waitFor(id)).toMatchObject({ status: 'completed' });
      expect(ids.map((id) => runs.get(id))).toEqual([1, 1, 1]);
      expect(await db.orm.em.fork().execute('select count(*)::int as n from job_outbox')).toEqual([{ n: 0 }]);
    });

    it('transport: dedupes a delivery in flight, and takes it again once it was processed or failed', async () => {
      if (makeTransport === null) return;
      const transport = makeTransport(db, randomUUID().slice(0, 8));
      const calls: string[] = [];
      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => {
        release = resolve;
      });
      await transport.consume(
        async (delivery) => {
          calls.push(`${delivery.kind}:${delivery.attempt}`);
          if (delivery.kind === 'blocking' && calls.length === 1) await blocked;
          // A processing error (say the database was down) must not make the delivery unsendable.
          if (delivery.kind === 'throwing' && calls.filter((call) => call.startsWith('throwing')).length === 1) throw new Error('database down');
          return 'done';
        },
        { concurrency: 2 },
      );
      try {
        const blocking = { id: randomUUID(), kind: 'blocking', attempt: 1 };
        await transport.enqueue([blocking]);
        await until(() => calls.length === 1);
        await transport.enqueue([blocking]);
        await sleep(150);
        expect(calls).toEqual(['blocking:1']);
        release();
        await sleep(100);
        await transport.enqueue([blocking]);
        await until(() => calls.length === 2);
        const throwing = { id: randomUUID(), kind: 'throwing', attempt: 1 };
        await transport.enqueue([throwing]);
        await until(() => calls.length === 3);
        await sleep(100);
        await transport.enqueue([throwing]);
        await until(() => calls.length === 4);
        expect(calls).toEqual(['blocking:1', 'blocking:1', 'throwing:1', 'throwing:1']);
      } finally {
        release();
        await transport.close();
      }
    });

    it('shutdown releases a running job unfinished, and the next process resumes it', async () => {
      const testId = randomUUID().slice(0, 8);
      const register = (runner: JobRunner) =>
        runner.register('resumable', async (ctx) => {
          counted(ctx.jobId);
          if (runs.get(ctx.jobId) === 1) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          ctx.signal.throwIfAborted();
          return { attempt: ctx.attempt };
        });
      if (makeTransport === null) return;
      const first = await startHarness(db, makeTransport(db, testId), register);
      const id = await first.create('resumable');
      await first.waitFor(id, ['running']);
      await first.stop();
      expect(await first.waitFor(id, ['running'])).toMatchObject({ attempts: 1 });
      harness = await startHarness(db, makeTransport(db, testId), register);
      expect(await harness.waitFor(id)).toMatchObject({ status: 'completed', attempts: 1, result: { attempt: 1 } });
      expect(runs.get(id)).toBe(2);
      expect(harness.events.of('job.resumed', id)).toHaveLength(1);
    });

    it('recovery: a running job whose worker died, and a queued one whose delivery was lost, are run again', async () => {
      const h = await start((runner) =>
        runner.register('idempotent', async (ctx) => {
          counted(ctx.jobId);
          return { attempt: ctx.attempt };
        }),
      );
      const [dead, lost] = [randomUUID(), randomUUID()];
      await db.orm.em.fork().execute(
        `insert into job (id, tenant_id, kind, status, payload, stream_job_id, attempts, started_at, heartbeat_at, created_at) values
           (?, ?, 'idempotent', 'running', '{}', ?, 1, now() - interval '5 minutes', now() - interval '2 minutes', now() - interval '5 minutes'),
           (?, ?, 'idempotent', 'queued', '{}', ?, 0, null, null, now() - interval '5 minutes')`,
        [dead, db.tenantId, dead, lost, db.tenantId, lost],
      );
      const swept = await sweepStuckJobs(db.orm, { staleAfterSeconds: 30 });
      expect(swept).toEqual({ resumed: [dead], requeued: [lost] });
      expect(await sweepStuckJobs(db.orm, { staleAfterSeconds: 30 })).toEqual({ resumed: [], requeued: [] });
      h.relay.kick();
      expect(await h.waitFor(dead)).toMatchObject({ status: 'completed', attempts: 2, result: { attempt: 2 } });
      expect(await h.waitFor(lost)).toMatchObject({ status: 'completed', attempts: 1 });
      expect([runs.get(dead), runs.get(lost)]).toEqual([1, 1]);
      expect(h.events.of('job.resumed', dead)).toHaveLength(1);
    });
  });
}
