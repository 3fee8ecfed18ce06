import { type BackendClasses, createPostgresBackend, createRedisBackend, type IQueueBackend, type Job, WaitingError, withBackend } from 'bullmq';
import { withTimeout } from '../async/with-timeout.ts';
import { type RedisTarget, redisConnectionOptions } from '../redis/redis-target.ts';
import { type ConsumeOptions, deliveryKey, type JobDelivery, type JobTransport, type ProcessJob } from './job-transport.ts';

export type BullmqBackend = { kind: 'redis'; target: RedisTarget } | { kind: 'postgres'; connectionString: string };

export interface BullmqTransportOptions {
  backend: BullmqBackend;
  /** One queue for every kind; the BullMQ job name is the kind. */
  queueName?: string;
  /** Namespace: the Redis key prefix, or the PostgreSQL schema BullMQ creates its tables in. */
  namespace?: string;
  /** How long a worker's claim lasts without renewal; a SIGKILLed worker's job is re-delivered after about this. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose claim expired. */
  stalledIntervalMs?: number;
  /** Finished BullMQ jobs kept for inspection (per state); the job table keeps the real history. */
  keepFinished?: number;
  /** Connections per Queue/Worker pool on PostgreSQL (default 5; each also opens one LISTEN connection). */
  postgresPoolMax?: number;
  onError?: (error: unknown) => void;
}

interface DeliveryData {
  jobId: string;
  attempt: number;
}

/** The part of Queue/Worker this transport uses, independent of the backend's type parameters. */
interface Port {
  enqueue(deliveries: readonly JobDelivery[]): Promise<void>;
  consume(process: ProcessJob, options: ConsumeOptions): void;
  close(): Promise<void>;
}

interface Connections<C> {
  queue: C;
  worker: C;
  /** Bound the wait for the first connect, which a down server never finishes: the relay retries later. */
  failFast: boolean;
  /**
   * Hand a batch over with one `addBulk`. Off on PostgreSQL: there, a delivery re-added with
   * `addBulk` ~100 ms after its BullMQ job completed and was removed was never run (the contract
   * test "dedupes a delivery in flight, and takes it again once it was processed"), where `add` runs it.
   */
  bulk: boolean;
}

function open<B extends IQueueBackend, C>(
  classes: BackendClasses<B, C>,
  connections: Connections<C>,
  options: BullmqTransportOptions,
  prefix: string | undefined,
): Port {
  const name = options.queueName ?? 'mirai-jobs';
  const keep = { count: options.keepFinished ?? 1000 };
  const onError = options.onError ?? (() => undefined);
  // Our runner owns retries and back-off, so BullMQ makes exactly one attempt per delivery.
  const queue = new classes.Queue<DeliveryData>(name, {
    connection: connections.queue,
    prefix,
    defaultJobOptions: { attempts: 1, removeOnComplete: keep, removeOnFail: keep },
  });
  queue.on('error', onError);
  const workers: { close(): Promise<void> }[] = [];
  return {
    async enqueue(deliveries) {
      if (deliveries.length === 0) return;
      if (connections.failFast) await withTimeout(queue.waitUntilReady(), 2000, 'job queue connection is not ready');
      // BullMQ dedupes by id against every job it still holds, finished ones included. A finished
      // one means that delivery ended without finishing the job (the sweep or a release resends it),
      // so it is replaced; a waiting or active one is the same delivery in flight, so nothing is added.
      // The state checks are sent together (one pipeline on Redis), then one `addBulk` for the batch.
      const unique = [...new Map(deliveries.map((delivery) => [deliveryKey(delivery), delivery])).entries()];
      const states = await Promise.all(unique.map(([jobId]) => queue.getJobState(jobId)));
      const finished = unique.filter((_, index) => states[index] === 'completed' || states[index] === 'failed');
      await Promise.all(finished.map(([jobId]) => queue.remove(jobId)));
      const send = unique.filter((_, index) => states[index] === 'completed' || states[index] === 'failed' || states[index] === 'unknown');
      const jobs = send.map(([jobId, delivery]) => ({
        name: delivery.kind,
        data: { jobId: delivery.id, attempt: delivery.attempt },
        opts: { jobId },
      }));
      if (jobs.length === 0) return;
      if (connections.bulk) await queue.addBulk(jobs);
      else await Promise.all(jobs.map((job) => queue.add(job.name, job.data, job.opts)));
    },
    consume(process, consumeOptions) {
      const processor = async (job: Job<DeliveryData>, token?: string): Promise<void> => {
        const outcome = await process({ id: job.data.jobId, kind: job.name, attempt: job.data.attempt });
        if (outcome === 'released' && token !== undefined) {
          // The runner is shutting down: stop fetching (or this worker would take the job straight
          // back, in a loop, until closed) and put it back to waiting under the same id.
          void worker.pause(true);
          await job.moveToWait(token);
          throw new WaitingError();
        }
      };
      const worker = new classes.Worker<DeliveryData>(name, processor, {
        connection: connections.worker,
        prefix,
        concurrency: Math.max(1, consumeOptions.concurrency),
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        removeOnComplete: keep,
        removeOnFail: keep,
      });
      worker.on('error', onError);
      // The runner settles job outcomes itself; a failed BullMQ job means the runner could not (database down).
      worker.on('failed', (_job, error) => onError(error));
      workers.push(worker);
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
    },
  };
}

/** BullMQ 6 on Redis, or on PostgreSQL through its bundled backend (`QUEUE_BACKEND=postgres`). */
export class BullmqTransport implements JobTransport {
  readonly name: string;
  readonly #port: Port;

  constructor(options: BullmqTransportOptions) {
    const { backend } = options;
    this.name = `bullmq-${backend.kind}`;
    if (backend.kind === 'redis') {
      // Measured with Redis cut off after connecting: with ioredis' offline queue `add` hangs until
      // Redis is back (and then runs, after the relay gave up and rolled back); without it, it fails
      // in ~1 ms. (`skipWaitingForReady` must stay off: with it the first command fails while connecting.)
      const queue = redisConnectionOptions(backend.target, { enableOfflineQueue: false });
      const worker = redisConnectionOptions(backend.target, { maxRetriesPerRequest: null });
      this.#port = open(withBackend(createRedisBackend), { queue, worker, failFast: true, bulk: true }, options, options.namespace);
    } else {
      const connection = {
        connectionString: backend.connectionString,
        schema: options.namespace ?? 'bullmq',
        migrate: true,
        max: options.postgresPoolMax ?? 5,
        // pg waits forever for a connection by default; the relay would hold its transaction that long.
        connectionTimeoutMillis: 5000,
      };
      this.#port = open(
        withBackend(createPostgresBackend),
        { queue: connection, worker: connection, failFast: false, bulk: false },
        options,
        undefined,
      );
    }
  }

  enqueue(deliveries: readonly JobDelivery[]): Promise<void> {
    return this.#port.enqueue(deliveries);
  }

  async consume(process: ProcessJob, options: ConsumeOptions): Promise<void> {
    this.#port.consume(process, options);
  }

  close(): Promise<void> {
    return this.#port.close();
  }
}
