import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../../testing/jobs-test-database.ts';
import { OutboxRelay } from '../outbox-relay.ts';
import { BORROW_RESERVE } from '../tenant-job-defaults.ts';
import { type Harness, startHarness, type TransportFactory, until } from './job-harness.ts';

/**
 * Fair hand-over between tenants, end to end on a transport: with two relays sharing the outbox
 * (as an API and a worker process do), one tenant's flood waits in the outbox rather than in the
 * transport ahead of another tenant's job, a tenant alone borrows the idle worker slots beyond its
 * limit but never the reserved one, and every job still runs exactly once.
 */
export function defineTenantFairnessContract(name: string, makeTransport: TransportFactory | null, sharedDatabase?: () => JobsTestDatabase): void {
  describe.skipIf(makeTransport === null)(`tenant fairness contract: ${name}`, () => {
    let db: JobsTestDatabase;
    beforeAll(async () => {
      db = sharedDatabase?.() ?? (await startJobsTestDatabase());
    });
    afterAll(() => (sharedDatabase === undefined ? db?.close() : undefined));

    it("a flood from one tenant borrows idle slots but does not hold up another's job, and loses or repeats nothing", async () => {
      if (makeTransport === null) return;
      const limit = 2;
      const concurrency = 4;
      const other = randomUUID();
      await db.orm.em.fork().execute(`insert into tenant (id, name, slug, created_at) values (?, 'Other', ?, now())`, [other, `other-${other}`]);
      const runs = new Map<string, number>();
      const active = new Map<string, number>();
      const peak = new Map<string, number>();
      /** Tenants in the order their jobs started. */
      const starts: string[] = [];
      // The flood's jobs hold their slots until the test lets them go, so how many run at once is
      // a count the test waits for, not a race between 40 ms handlers and the hand-over on a busy machine.
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const transport = makeTransport(db, randomUUID().slice(0, 8));
      const harness: Harness = await startHarness(
        db,
        transport,
        (runner) =>
          runner.register('tenant-work', async (ctx) => {
            runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
            starts.push(ctx.tenantId);
            const now = (active.get(ctx.tenantId) ?? 0) + 1;
            active.set(ctx.tenantId, now);
            peak.set(ctx.tenantId, Math.max(peak.get(ctx.tenantId) ?? 0, now));
            if (ctx.tenantId === db.tenantId) await gate;
            active.set(ctx.tenantId, (active.get(ctx.tenantId) ?? 1) - 1);
            return {};
          }),
        // More worker slots than one tenant's limit, so the other tenant's job has somewhere to run;
        // the harness claims them in job_worker, as a worker process does, so idle ones are lent.
        { concurrency, tenantJobLimit: limit },
      );
      const secondRelay = new OutboxRelay({ orm: db.orm, transport, pollMs: 25, tenantJobLimit: limit });
      secondRelay.start();
      try {
        const flood = await Promise.all(Array.from({ length: 24 }, () => harness.create('tenant-work')));
        // Alone, the flood borrows the idle slots beyond its limit: every one but the reserved (BORROW_RESERVE).
        await until(() => (active.get(db.tenantId) ?? 0) === concurrency - BORROW_RESERVE, 30_000);
        const single = await harness.create('tenant-work', {}, { tenantId: other });
        const committedAt = starts.length;
        // The reserved slot runs the other tenant's job at once, while the flood still holds the rest;
        // queued behind the flood it would wait for ~20 of its jobs.
        expect(await harness.waitFor(single, undefined, 60_000)).toMatchObject({ status: 'completed', attempts: 1 });
        expect(starts.indexOf(other)).toBe(committedAt);
        release();
        for (const id of flood) expect(await harness.waitFor(id, undefined, 60_000)).toMatchObject({ status: 'completed', attempts: 1 });
        expect([...flood, single].map((id) => runs.get(id))).toEqual([...flood, single].map(() => 1));
        // Never more than that, not even once the other tenant's job had left its slot free again.
        expect(peak.get(db.tenantId)).toBe(concurrency - BORROW_RESERVE);
        expect(await db.orm.em.fork().execute('select count(*)::int as n from job_outbox')).toEqual([{ n: 0 }]);
      } finally {
        release();
        await secondRelay.stop();
        await harness.stop();
      }
    });
  });
}
