import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { type PeriodicTask, periodStart, runClaimedPeriod, TimerJobScheduler } from './job-scheduler.ts';

let db: JobsTestDatabase;

beforeEach(async () => {
  db = await startJobsTestDatabase();
});

afterEach(async () => {
  await db.close();
});

describe('periodic tasks', () => {
  it('two timer schedulers on one database run each period once between them', async () => {
    const runs: number[] = [];
    const shared: PeriodicTask = {
      name: 'count',
      everyMs: 400,
      async run(period) {
        runs.push(period.start.getTime());
        return { ok: true };
      },
    };
    const errors: unknown[] = [];
    const a = new TimerJobScheduler({ orm: db.orm, onError: (error) => errors.push(error) });
    const b = new TimerJobScheduler({ orm: db.orm, onError: (error) => errors.push(error) });
    a.add(shared);
    b.add(shared);
    await Promise.all([a.start(), b.start()]);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await Promise.all([a.close(), b.close()]);
    expect(errors).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(runs).size).toBe(runs.length);
    for (const start of runs) expect(start % 400).toBe(0);
  });

  it('records the outcome, and a period that failed is not run again', async () => {
    let calls = 0;
    const task: PeriodicTask = {
      name: 'flaky',
      everyMs: 60_000,
      async run() {
        calls += 1;
        throw new Error('provider down');
      },
    };
    const start = periodStart(Date.parse('2026-03-01T10:07:00Z'), 60_000);
    await expect(runClaimedPeriod(db.orm, task, start)).rejects.toThrow('provider down');
    expect(await runClaimedPeriod(db.orm, task, start)).toBe(false);
    expect(calls).toBe(1);
    const [row] = await db.orm.em
      .fork()
      .execute<{ outcome: unknown; finished_at: Date | null }[]>(`select outcome, finished_at from scheduled_run where name = 'flaky'`);
    expect(row?.outcome).toEqual({ error: 'provider down' });
    expect(row?.finished_at).not.toBeNull();
  });
});
