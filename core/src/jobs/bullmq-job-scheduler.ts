import { type BackendClasses, createPostgresBackend, createRedisBackend, type IQueueBackend, type Job, withBackend } from 'bullmq';
import type { Orm } from '../db/orm.ts';
import { redisConnectionOptions } from '../redis/redis-target.ts';
import type { BullmqBackend } from './bullmq-transport.ts';
import { type JobScheduler, type PeriodicTask, periodStart, runClaimedPeriod } from './job-scheduler.ts';

const QUEUE_NAME = 'mirai-schedules';
const TICKS_PER_PERIOD = 4;

/**
 * BullMQ plans an `every` scheduler's next slot from the previous one, and when a slot is picked up
 * more than one interval late it jumps ahead, skipping slots (CI saw a 2 s period missed under load).
 * Ticking several times per period and claiming the period the tick runs in means a period is only
 * missed if no tick at all runs inside it; the claim keeps the extra ticks from running it twice.
 */
export function tickMs(everyMs: number): number {
  return Math.max(250, Math.floor(everyMs / TICKS_PER_PERIOD));
}

interface Port {
  upsert(task: PeriodicTask): Promise<void>;
  consume(process: (job: Job) => Promise<void>): void;
  close(): Promise<void>;
}

function open<B extends IQueueBackend, C>(
  classes: BackendClasses<B, C>,
  connection: C,
  prefix: string | undefined,
  onError: (error: unknown) => void,
): Port {
  const queue = new classes.Queue(QUEUE_NAME, { connection, prefix });
  queue.on('error', onError);
  let worker: { close(): Promise<void> } | undefined;
  return {
    async upsert(task) {
      // Every replica upserts the same scheduler id: BullMQ keeps one scheduler and one job per time slot.
      await queue.upsertJobScheduler(
        task.name,
        { every: tickMs(task.everyMs) },
        { name: task.name, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    },
    consume(process) {
      const created = new classes.Worker(QUEUE_NAME, process, { connection, prefix, concurrency: 1 });
      created.on('error', onError);
      created.on('failed', (_job, error) => onError(error));
      worker = created;
    },
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}

/**
 * Server mode: BullMQ job schedulers (redis or postgres backend) tick several times per period and
 * hand each tick to one worker; the `scheduled_run` claim lets only the first tick of a period run
 * it, also when BullMQ delivers a slot twice (a stalled job, a re-upsert racing a worker).
 */
export class BullmqJobScheduler implements JobScheduler {
  readonly name: string;
  readonly #orm: Orm;
  readonly #tasks = new Map<string, PeriodicTask>();
  readonly #open: () => Port;
  #port: Port | undefined;
  readonly #onSkipped: (task: string, start: Date) => void;

  constructor(options: {
    orm: Orm;
    backend: BullmqBackend;
    namespace?: string;
    onError: (error: unknown) => void;
    /** A tick in a period that this or another process already ran: the normal case for all but the first tick. */
    onSkipped?: (task: string, start: Date) => void;
  }) {
    const { backend, onError } = options;
    this.name = `bullmq-${backend.kind}`;
    this.#orm = options.orm;
    this.#onSkipped = options.onSkipped ?? (() => undefined);
    // Opened on start only: API processes build a scheduler too but never start it.
    this.#open = () =>
      backend.kind === 'redis'
        ? open(withBackend(createRedisBackend), redisConnectionOptions(backend.target, { maxRetriesPerRequest: null }), options.namespace, onError)
        : open(
            withBackend(createPostgresBackend),
            {
              connectionString: backend.connectionString,
              schema: options.namespace ?? 'bullmq',
              migrate: true,
              max: 2,
              connectionTimeoutMillis: 5000,
            },
            undefined,
            onError,
          );
  }

  add(task: PeriodicTask): void {
    this.#tasks.set(task.name, task);
  }

  async start(): Promise<void> {
    if (this.#tasks.size === 0 || this.#port !== undefined) return;
    const port = this.#open();
    this.#port = port;
    for (const task of this.#tasks.values()) await port.upsert(task);
    port.consume(async (job) => {
      const task = this.#tasks.get(job.name);
      if (task === undefined) return;
      // The period this tick runs in, by the wall clock: the first tick in a period runs it.
      const start = periodStart(Date.now(), task.everyMs);
      if (!(await runClaimedPeriod(this.#orm, task, start))) this.#onSkipped(task.name, start);
    });
  }

  async close(): Promise<void> {
    await this.#port?.close();
  }
}
