import type { JsonObject } from '@mirai/sdk-plugin';
import { assertStreamEvent } from '../../events/stream-event-catalogue.ts';
import type { JobsTestDatabase } from '../../testing/jobs-test-database.ts';
import { tenantEntityManager } from '../job-context.ts';
import type { JobEventInput, JobEventPublisher, NewJob } from '../job-contracts.ts';
import { JobRunner, type JobRunnerOptions } from '../job-runner.ts';
import { type JobRecord, loadJob } from '../job-state.ts';
import type { JobDelivery, JobTransport } from '../job-transport.ts';
import { JobsService } from '../jobs.service.ts';
import { OutboxRelay } from '../outbox-relay.ts';
import { WorkerSlots } from '../worker-slots.ts';

export interface RecordedEvent {
  streamJobId: string;
  type: string;
  data: JsonObject;
}

/** Stands in for realtime/: keeps events in memory, numbered per stream, refusing what the catalogue does not define. */
export class MemoryPublisher implements JobEventPublisher {
  readonly events: RecordedEvent[] = [];

  async publish(streamJobId: string, event: JobEventInput): Promise<number> {
    assertStreamEvent(event.type, event.data);
    // Through JSON, as the database stores it.
    this.events.push({ streamJobId, type: event.type, data: JSON.parse(JSON.stringify(event.data)) });
    return this.events.filter((recorded) => recorded.streamJobId === streamJobId).length;
  }

  of(type: string, jobId?: string): RecordedEvent[] {
    return this.events.filter((event) => event.type === type && (jobId === undefined || event.data.jobId === jobId));
  }
}

export interface HarnessOptions {
  concurrency?: number;
  runner?: Partial<Omit<JobRunnerOptions, 'orm' | 'publisher'>>;
  relayPollMs?: number;
  /** Start the relay (default true); a restart test starts it later. */
  relay?: boolean;
  /** The relay's `tenantJobLimit` (default: the relay's default). */
  tenantJobLimit?: number;
  /**
   * Claim the consumer's slots in `job_worker` as a worker process does (default true), so the
   * relay may lend idle ones beyond a tenant's limit; false leaves the limit alone to decide.
   */
  claimSlots?: boolean;
}

export interface Harness {
  runner: JobRunner;
  relay: OutboxRelay;
  events: MemoryPublisher;
  jobs: JobsService;
  /** Creates a job in its own transaction (for `extra.tenantId`, default the database's tenant), then kicks the relay, as an API route would. */
  create(kind: string, payload?: JsonObject, extra?: Partial<NewJob>): Promise<string>;
  waitFor(jobId: string, statuses?: string[], timeoutMs?: number): Promise<JobRecord>;
  stop(): Promise<void>;
}

/** Builds a fresh transport; `testId` is unique per test, for queue names and key prefixes. */
export type TransportFactory = (db: JobsTestDatabase, testId: string) => JobTransport;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

/** Fails the first `failures` enqueues, like a Redis that is down when the relay hands work over. */
export class FlakyTransport implements JobTransport {
  readonly name = 'flaky';
  readonly #inner: JobTransport;
  #failures: number;
  constructor(inner: JobTransport, failures: number) {
    this.#inner = inner;
    this.#failures = failures;
  }
  async enqueue(deliveries: readonly JobDelivery[]): Promise<void> {
    if (this.#failures-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    await this.#inner.enqueue(deliveries);
  }
  consume: JobTransport['consume'] = (process, options) => this.#inner.consume(process, options);
  close = () => this.#inner.close();
}

/** Runner + relay + transport wired the way the server wires them, with test-sized intervals. */
export async function startHarness(
  db: JobsTestDatabase,
  transport: JobTransport,
  register: (runner: JobRunner) => void,
  options: HarnessOptions = {},
): Promise<Harness> {
  const events = new MemoryPublisher();
  const relay = new OutboxRelay({ orm: db.orm, transport, pollMs: options.relayPollMs ?? 25, tenantJobLimit: options.tenantJobLimit });
  const runner = new JobRunner({
    orm: db.orm,
    publisher: events,
    retryBaseMs: 20,
    cancelPollMs: 50,
    heartbeatMs: 100,
    onOutboxWritten: () => relay.kick(),
    onDeliveryEnded: () => relay.slotFreed(),
    ...options.runner,
  });
  register(runner);
  const jobs = new JobsService();
  const concurrency = options.concurrency ?? 4;
  await transport.consume(runner.process, { concurrency });
  const slots = options.claimSlots === false ? null : new WorkerSlots({ orm: db.orm, slots: concurrency, beatMs: 100 });
  await slots?.start();
  if (options.relay !== false) relay.start();
  return {
    runner,
    relay,
    events,
    jobs,
    async create(kind, payload = {}, extra = {}) {
      const tenantId = extra.tenantId ?? db.tenantId;
      const job = await tenantEntityManager(db.orm, tenantId).transactional((tx) => jobs.createJob(tx, { kind, payload, ...extra, tenantId }));
      relay.kick();
      return job.id;
    },
    async waitFor(jobId, statuses = ['completed', 'failed', 'cancelled'], timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await loadJob(db.orm.em.fork(), jobId);
        if (job !== null && statuses.includes(job.status)) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} is ${job?.status ?? 'missing'}, expected ${statuses.join(' or ')}`);
        await sleep(20);
      }
    },
    // The composition root's order: the slots' claim first, then handlers, the relay, the transport.
    async stop() {
      await slots?.stop();
      await runner.shutdown();
      await relay.stop();
      await transport.close();
    },
  };
}
