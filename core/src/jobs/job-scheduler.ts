import { hostname } from 'node:os';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { Orm } from '../db/orm.ts';

/** Work to run once per period across every process of a deployment (reconciliation, clean-ups). */
export interface PeriodicTask {
  /** Stable: names the BullMQ job scheduler and the `scheduled_run` rows. */
  name: string;
  everyMs: number;
  run(period: { start: Date }): Promise<JsonObject | undefined>;
}

/**
 * Fires each task once per period. Several processes may fire the same period (BullMQ schedulers
 * may duplicate a slot, every embedded timer fires); the `scheduled_run` claim lets only the
 * first of them run it, so a period runs once however many replicas there are.
 */
export interface JobScheduler {
  readonly name: string;
  add(task: PeriodicTask): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Who claimed a run, for operators reading `scheduled_run`. */
export const CLAIMANT = `${hostname()}:${process.pid}`;

export function periodStart(at: number, everyMs: number): Date {
  return new Date(Math.floor(at / everyMs) * everyMs);
}

/**
 * Runs `task` for the period starting at `start` unless some process already claimed it.
 * Returns whether this call ran it. A run that throws keeps its claim (the next period retries):
 * periodic tasks heal whatever a missed period left, so they never run twice for one period.
 */
export async function runClaimedPeriod(orm: Orm, task: PeriodicTask, start: Date): Promise<boolean> {
  const em = orm.em.fork();
  const claimed = await em.execute<{ name: string }[]>(
    'insert into scheduled_run (name, period_start, claimed_by, claimed_at) values (?, ?, ?, now()) on conflict do nothing returning name',
    [task.name, start, CLAIMANT],
  );
  if (claimed.length === 0) return false;
  let outcome: JsonObject = {};
  try {
    outcome = (await task.run({ start })) ?? {};
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
    throw error;
  } finally {
    await orm.em
      .fork()
      .execute('update scheduled_run set finished_at = now(), outcome = ?::jsonb where name = ? and period_start = ?', [
        JSON.stringify(outcome),
        task.name,
        start,
      ]);
  }
  return true;
}

/** Embedded mode: one process, a timer per task aligned to period boundaries; the claim still guards restarts. */
export class TimerJobScheduler implements JobScheduler {
  readonly name = 'timer';
  readonly #orm: Orm;
  readonly #onError: (error: unknown) => void;
  readonly #tasks: PeriodicTask[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(options: { orm: Orm; onError: (error: unknown) => void }) {
    this.#orm = options.orm;
    this.#onError = options.onError;
  }

  add(task: PeriodicTask): void {
    this.#tasks.push(task);
  }

  async start(): Promise<void> {
    for (const task of this.#tasks) this.#arm(task);
  }

  #arm(task: PeriodicTask): void {
    if (this.#closed) return;
    const now = Date.now();
    const next = periodStart(now, task.everyMs).getTime() + task.everyMs;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      runClaimedPeriod(this.#orm, task, periodStart(next, task.everyMs))
        .catch(this.#onError)
        .finally(() => this.#arm(task));
    }, next - now);
    timer.unref();
    this.#timers.add(timer);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
