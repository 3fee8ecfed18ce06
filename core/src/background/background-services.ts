import type { FastifyBaseLogger } from 'fastify';
import { skipWhileRunning } from '../async/skip-while-running.ts';
import type { MiraiConfig } from '../config/config.ts';
import { reportAfterCommitFailures } from '../db/on-commit.ts';
import type { Orm } from '../db/orm.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import type { JobScheduler } from '../jobs/job-scheduler.ts';
import { createJobScheduler } from '../jobs/job-scheduler-factory.ts';
import { JobStarter } from '../jobs/job-starter.ts';
import type { JobTransport } from '../jobs/job-transport.ts';
import { createJobTransport, type JobQueueConfig } from '../jobs/job-transport-factory.ts';
import { JobsService } from '../jobs/jobs.service.ts';
import { OutboxRelay } from '../jobs/outbox-relay.ts';
import { sweepStuckJobs } from '../jobs/recovery-sweep.ts';
import { WorkerSlots } from '../jobs/worker-slots.ts';
import type { JobObserver } from '../observability/job-observer.ts';
import { InProcessBus } from '../realtime/in-process-bus.ts';
import { JobEventStore } from '../realtime/job-event-store.ts';
import { RedisBus } from '../realtime/redis-bus.ts';
import type { RealtimeBus } from '../realtime/stream-event.ts';
import { SubscriptionHub } from '../realtime/subscription-hub.ts';

/** What a process does: serve the API, run jobs, or both (embedded and `mirai dev`). */
export type ProcessRole = 'all' | 'api' | 'worker';

export interface BackgroundServices {
  bus: RealtimeBus;
  events: JobEventStore;
  runner: JobRunner;
  /** How services start a job (`start(tx, job)`). */
  starter: JobStarter;
  relay: OutboxRelay;
  transport: JobTransport;
  hub: SubscriptionHub | null;
  /** Periodic tasks (add before `start()`), run once per period across all job-running processes. */
  scheduler: JobScheduler;
  /** Maintenance run by job-running processes on the sweep's period (idempotent work only). */
  onTick(task: () => Promise<unknown>): void;
  /** Starts delivering outbox rows and, for worker roles, consuming jobs and sweeping. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function queueConfig(config: MiraiConfig, databaseUrl: string): JobQueueConfig {
  if (config.queueBackend === 'redis' && config.redis !== undefined) return { kind: 'redis', target: config.redis };
  if (config.queueBackend === 'postgres') return { kind: 'postgres', connectionString: databaseUrl };
  return { kind: 'embedded' };
}

/**
 * The job port and realtime wiring of one process. Handlers are registered on `runner` by the
 * composition root before `start()`.
 */
export function createBackgroundServices(options: {
  config: MiraiConfig;
  orm: Orm;
  databaseUrl: string;
  role: ProcessRole;
  logger: FastifyBaseLogger;
  jobObserver?: JobObserver;
}): BackgroundServices {
  const { config, orm, role, logger } = options;
  const onError = (error: unknown) => logger.error({ err: error }, 'background work failed');
  const bus: RealtimeBus = config.redis === undefined ? new InProcessBus() : new RedisBus(config.redis, `${config.queueNamespace}:`);
  const events = new JobEventStore(orm, bus);
  const transport = createJobTransport(queueConfig(config, options.databaseUrl), { orm, onError, bullmq: { namespace: config.queueNamespace } });
  const relay = new OutboxRelay({ orm, transport, onError, tenantJobLimit: config.tenantJobLimit, reserveSlots: config.tenantJobReserve });
  const starter = new JobStarter({ jobs: new JobsService(), events, onOutboxWritten: () => relay.kick() });
  reportAfterCommitFailures(orm.em, (error) => logger.error({ err: error }, 'work after a commit failed'));
  const scheduler = createJobScheduler(queueConfig(config, options.databaseUrl), {
    orm,
    namespace: config.queueNamespace,
    onError,
    onSkipped: (task, start) => logger.debug({ task, periodStart: start.toISOString() }, 'scheduled period already run by another process'),
  });
  // Several heartbeats per stale period, or the sweep takes a healthy job for a crashed one when
  // MIRAI_JOB_STALE_SECONDS is set below the runner's default heartbeat (5 s).
  const heartbeatMs = Math.min(5_000, (config.jobStaleSeconds * 1000) / 3);
  const runner = new JobRunner({
    orm,
    publisher: events,
    onOutboxWritten: () => relay.kick(),
    // A finished job frees its tenant's slot: hand over its next job now rather than at the next poll.
    onDeliveryEnded: () => relay.slotFreed(),
    logger,
    heartbeatMs,
    observer: options.jobObserver,
  });
  const hub = role === 'worker' ? null : new SubscriptionHub(orm, events, bus);
  const consumes = role !== 'api';
  // The relays of every process lend a tenant the deployment's idle worker slots beyond its limit:
  // they learn how many there are from each consuming process's claim, renewed with the job heartbeat.
  const slots = consumes ? new WorkerSlots({ orm, slots: config.workerConcurrency, beatMs: heartbeatMs, onError }) : null;
  let sweep: NodeJS.Timeout | undefined;
  const ticks: Array<() => Promise<unknown>> = [];

  return {
    bus,
    events,
    runner,
    starter,
    relay,
    transport,
    hub,
    scheduler,
    onTick(task) {
      ticks.push(skipWhileRunning(task));
    },
    async start() {
      if (bus instanceof RedisBus) await bus.ready();
      relay.start();
      if (!consumes) return;
      await transport.consume(runner.process, { concurrency: config.workerConcurrency });
      await slots?.start();
      await scheduler.start();
      // Idempotent and cheap, so every worker may run it; it only re-sends work nothing else will.
      const every = Math.max(1_000, (config.jobStaleSeconds * 1000) / 2);
      sweep = setInterval(() => {
        sweepStuckJobs(orm, { staleAfterSeconds: config.jobStaleSeconds })
          .then((result) => {
            if (result.resumed.length + result.requeued.length > 0) {
              logger.warn(result, 'recovery sweep re-sent stranded jobs');
              relay.kick();
            }
          })
          .catch(onError);
        for (const task of ticks) task().catch(onError);
      }, every);
      sweep.unref();
    },
    async stop() {
      clearInterval(sweep);
      hub?.close();
      // First, so no relay lends more work to slots that are going away.
      await slots?.stop();
      await scheduler.close();
      await runner.shutdown();
      await relay.stop();
      await transport.close();
      await bus.close();
    },
  };
}
