import type { Orm } from '../db/orm.ts';
import type { RedisTarget } from '../redis/redis-target.ts';
import { BullmqTransport, type BullmqTransportOptions } from './bullmq-transport.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import type { JobTransport } from './job-transport.ts';

/** From configuration: `QUEUE_BACKEND` (embedded | redis | postgres) and where that backend is. */
export type JobQueueConfig = { kind: 'redis'; target: RedisTarget } | { kind: 'postgres'; connectionString: string } | { kind: 'embedded' };

export interface JobTransportDeps {
  /** The embedded transport recovers unfinished jobs from the job table on start. */
  orm: Orm;
  onError?: (error: unknown) => void;
  /** BullMQ tuning (queue name, namespace, lock and stall intervals, retention). */
  bullmq?: Omit<BullmqTransportOptions, 'backend' | 'onError'>;
}

export function createJobTransport(config: JobQueueConfig, deps: JobTransportDeps): JobTransport {
  const onError = deps.onError ?? (() => undefined);
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedTransport({ orm: deps.orm, onError });
    case 'redis':
      return new BullmqTransport({ ...deps.bullmq, backend: { kind: 'redis', target: config.target }, onError });
    case 'postgres':
      return new BullmqTransport({ ...deps.bullmq, backend: { kind: 'postgres', connectionString: config.connectionString }, onError });
  }
}
