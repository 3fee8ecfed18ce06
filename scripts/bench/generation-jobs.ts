// Part 2 of `pnpm bench generation`: throughput of the job port (job table + outbox, relay,
// transport, runner) with a no-op handler, in this process, against raw BullMQ on the same Redis.
import { randomUUID } from 'node:crypto';
import { createRedisBackend, withBackend } from 'bullmq';
import { num } from './format.ts';
import { once, out, tempDir } from './generation-api.ts';
import {
  createJobTransport,
  createOrm,
  type JobEventInput,
  type JobEventPublisher,
  JobRunner,
  JobsService,
  type JobTransport,
  migrate,
  type Orm,
  OutboxRelay,
  startEmbeddedDatabase,
  tenantEntityManager,
} from './generation-core.ts';
import { deleteKeys, redisVersion, uniqueNamespace } from './generation-redis.ts';
import { onCleanup } from './lifecycle.ts';
import { createScratchDatabase, redactUrl } from './postgres.ts';

export const JOB_CONCURRENCY = 16;
/**
 * MIRAI_TENANT_JOB_LIMIT as an operator running workers of this concurrency for one tenant would set
 * it (the default, 4, matches the default worker concurrency): room for a second batch while one runs.
 */
export const TENANT_JOB_LIMIT = 10_000;
/** Jobs created per transaction, as a burst of API requests would each commit their own. */
const INSERT_BATCH = 100;
/** Unmeasured run before each measured one, so JIT and connection warm-up do not count. */
const WARMUP_JOBS = 200;
const KIND = 'bench.noop';

export interface ThroughputRun {
  label: string;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  /** Port only: how long creating the rows took (consumption runs meanwhile). */
  insertSeconds?: number;
}

export interface JobsResult {
  redis: { port: ThroughputRun; raw: ThroughputRun; description: string } | { skipped: string };
  embedded: { port: ThroughputRun; description: string };
}

interface JobsDatabase {
  orm: Orm;
  tenantId: string;
  description: string;
  close(): Promise<void>;
}

async function prepare(orm: Orm): Promise<string> {
  await migrate(orm);
  const tenantId = randomUUID();
  await orm.em
    .getConnection()
    .execute(`insert into tenant (id, name, slug, created_at) values (?, 'Bench jobs', ?, now())`, [tenantId, `bench-jobs-${tenantId}`]);
  return tenantId;
}

/** A migrated scratch database on the PostgreSQL server, with the server's default pool (DATABASE_POOL_MAX 10). */
async function serverDatabase(adminUrl: string): Promise<JobsDatabase> {
  const database = await createScratchDatabase(adminUrl, 'mirai_bench_jobs_');
  onCleanup(() => database.drop());
  const orm = await createOrm({ url: database.url, poolMax: 10 });
  const close = once(async () => {
    await orm.close(true);
    await database.drop();
  });
  onCleanup(close);
  return {
    orm,
    tenantId: await prepare(orm),
    description: `PostgreSQL ${database.serverVersion}, scratch database ${database.name}, pool 10`,
    close,
  };
}

/** PGlite in this process on a fresh data directory, one connection, as `mirai dev` runs it. */
async function embeddedDatabase(): Promise<JobsDatabase> {
  const embedded = await startEmbeddedDatabase(await tempDir('mirai-bench-jobs-'));
  const closeEmbedded = once(() => embedded.close());
  onCleanup(closeEmbedded);
  const orm = await createOrm({ url: embedded.url, poolMax: 1 });
  const close = once(async () => {
    await orm.close(true);
    await closeEmbedded();
  });
  onCleanup(close);
  return { orm, tenantId: await prepare(orm), description: 'PGlite in this process, one connection', close };
}

/**
 * Stands in for realtime/ (which a worker would use to store and broadcast job.started and
 * job.completed), so the figure is the port's own cost; settles when `expected` jobs completed.
 */
class CompletionCounter implements JobEventPublisher {
  readonly #seq = new Map<string, number>();
  readonly #expected: number;
  #completed = 0;
  #failed = 0;
  readonly done: Promise<number>;
  #resolve: (at: number) => void = () => undefined;
  #reject: (error: Error) => void = () => undefined;

  constructor(expected: number) {
    this.#expected = expected;
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  async publish(streamJobId: string, event: JobEventInput): Promise<number> {
    const seq = (this.#seq.get(streamJobId) ?? 0) + 1;
    this.#seq.set(streamJobId, seq);
    if (event.type === 'job.completed' && ++this.#completed === this.#expected) this.#resolve(performance.now());
    if (event.type === 'job.failed' && ++this.#failed === 1) this.#reject(new Error(`a no-op job failed: ${JSON.stringify(event.data)}`));
    return seq;
  }

  get completed(): number {
    return this.#completed;
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const timeoutFor = (jobs: number) => Math.max(60_000, jobs * 100);

/**
 * Relay + transport + runner wired as background-services.ts wires them (production intervals),
 * `jobs` jobs created through `JobsService.createJob` in transactions of INSERT_BATCH; the clock
 * runs from the first insert until the last job is completed in the job table.
 */
async function runPort(label: string, db: JobsDatabase, transport: JobTransport, jobs: number): Promise<ThroughputRun> {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  const counter = new CompletionCounter(jobs);
  const relay = new OutboxRelay({ orm: db.orm, transport, onError, tenantJobLimit: TENANT_JOB_LIMIT });
  const runner = new JobRunner({ orm: db.orm, publisher: counter, onOutboxWritten: () => relay.kick(), onDeliveryEnded: () => relay.slotFreed() });
  runner.register(KIND, async () => undefined);
  const service = new JobsService();
  await transport.consume(runner.process, { concurrency: JOB_CONCURRENCY });
  relay.start();
  try {
    const batchId = randomUUID();
    const started = performance.now();
    for (let first = 0; first < jobs; first += INSERT_BATCH) {
      await tenantEntityManager(db.orm, db.tenantId).transactional(async (tx) => {
        for (let n = first; n < Math.min(jobs, first + INSERT_BATCH); n++)
          await service.createJob(tx, { kind: KIND, tenantId: db.tenantId, payload: { batchId, n } });
      });
      relay.kick();
    }
    const inserted = performance.now();
    const finished = await withDeadline(
      counter.done,
      timeoutFor(jobs),
      () =>
        `${label}: ${counter.completed}/${jobs} jobs completed after ${timeoutFor(jobs) / 1000} s${errors.length > 0 ? `; first error: ${String(errors[0])}` : ''}`,
    );
    const [row] = await db.orm.em
      .fork()
      .getConnection()
      .execute<{ completed: number }[]>(`select count(*)::int as completed from job where status = 'completed' and payload->>'batchId' = ?`, [
        batchId,
      ]);
    if (row?.completed !== jobs) throw new Error(`${label}: the job table holds ${row?.completed ?? 0} completed jobs of ${jobs}`);
    const seconds = (finished - started) / 1000;
    return { label, jobs, seconds, jobsPerSecond: jobs / seconds, insertSeconds: (inserted - started) / 1000 };
  } finally {
    await runner.shutdown();
    await relay.stop();
    await transport.close();
  }
}

/** The baseline: `Queue.addBulk` of `jobs` jobs and a `Worker` with a no-op processor, same options as the transport. */
async function runRaw(label: string, redisUrl: string, prefix: string, jobs: number): Promise<ThroughputRun> {
  const { Queue, Worker } = withBackend(createRedisBackend);
  const name = `raw-${randomUUID()}`;
  const keep = { count: 1000 };
  const errors: unknown[] = [];
  const queue = new Queue<{ n: number }>(name, {
    connection: { url: redisUrl, enableOfflineQueue: false },
    prefix,
    defaultJobOptions: { attempts: 1, removeOnComplete: keep, removeOnFail: keep },
  });
  queue.on('error', (error) => errors.push(error));
  let completed = 0;
  let resolveDone: (at: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  const worker = new Worker<{ n: number }>(name, async () => undefined, {
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix,
    concurrency: JOB_CONCURRENCY,
    removeOnComplete: keep,
    removeOnFail: keep,
  });
  worker.on('error', (error) => errors.push(error));
  worker.on('completed', () => {
    if (++completed === jobs) resolveDone(performance.now());
  });
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const started = performance.now();
    await queue.addBulk(Array.from({ length: jobs }, (_, n) => ({ name: KIND, data: { n } })));
    const finished = await withDeadline(
      done,
      timeoutFor(jobs),
      () =>
        `${label}: ${completed}/${jobs} jobs completed after ${timeoutFor(jobs) / 1000} s${errors.length > 0 ? `; first error: ${String(errors[0])}` : ''}`,
    );
    const seconds = (finished - started) / 1000;
    return { label, jobs, seconds, jobsPerSecond: jobs / seconds };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

function line(run: ThroughputRun): string {
  const insert = run.insertSeconds === undefined ? '' : ` (rows created in ${num(run.insertSeconds, 2)} s)`;
  return `  ${run.label}: ${num(run.jobs)} jobs in ${num(run.seconds, 2)} s = ${num(run.jobsPerSecond)} jobs/s${insert}`;
}

async function redisPart(adminUrl: string, redisUrl: string, jobs: number): Promise<JobsResult['redis']> {
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  let version: string;
  let db: JobsDatabase;
  try {
    version = await redisVersion(redisUrl);
  } catch (error) {
    return { skipped: `Redis unreachable at ${redactUrl(redisUrl)}: ${reason(error)}` };
  }
  try {
    db = await serverDatabase(adminUrl);
  } catch (error) {
    return { skipped: `no scratch database could be created through ${redactUrl(adminUrl)}: ${reason(error)}` };
  }
  const namespace = uniqueNamespace();
  onCleanup(async () => {
    await deleteKeys(redisUrl, namespace);
  });
  const transport = () =>
    createJobTransport({ kind: 'redis', target: redisUrl }, { orm: db.orm, bullmq: { namespace, queueName: `port-${randomUUID()}` } });
  try {
    await runRaw('raw BullMQ warm-up', redisUrl, namespace, WARMUP_JOBS);
    await runPort('job port warm-up', db, transport(), WARMUP_JOBS);
    const raw = await runRaw('raw BullMQ (addBulk + Worker)', redisUrl, namespace, jobs);
    out(line(raw));
    const port = await runPort('job port on BullMQ/Redis', db, transport(), jobs);
    out(line(port));
    return { port, raw, description: `${db.description}; Redis ${version}, key prefix ${namespace}` };
  } finally {
    await deleteKeys(redisUrl, namespace);
    await db.close();
  }
}

async function embeddedPart(jobs: number): Promise<JobsResult['embedded']> {
  const db = await embeddedDatabase();
  try {
    const transport = () => createJobTransport({ kind: 'embedded' }, { orm: db.orm });
    await runPort('embedded warm-up', db, transport(), WARMUP_JOBS);
    const port = await runPort('job port on the embedded transport', db, transport(), jobs);
    out(line(port));
    return { port, description: db.description };
  } finally {
    await db.close();
  }
}

/** Both halves; the Redis half is skipped with a reason when PostgreSQL or Redis is unreachable. */
export async function measureJobs(options: { adminDatabaseUrl: string; redisUrl: string; jobs: number; skipServer: boolean }): Promise<JobsResult> {
  const redis: JobsResult['redis'] = options.skipServer
    ? { skipped: '--skip-server' }
    : await redisPart(options.adminDatabaseUrl, options.redisUrl, options.jobs);
  if ('skipped' in redis) out(`  job port on BullMQ/Redis: skipped — ${redis.skipped}`);
  const embedded = await embeddedPart(options.jobs);
  return { redis, embedded };
}
