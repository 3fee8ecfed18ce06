import type { Orm } from '../db/orm.ts';
import { BullmqJobScheduler } from './bullmq-job-scheduler.ts';
import { type JobScheduler, TimerJobScheduler } from './job-scheduler.ts';
import type { JobQueueConfig } from './job-transport-factory.ts';

/** BullMQ job schedulers next to the BullMQ transports; timers in embedded mode. */
export function createJobScheduler(
  config: JobQueueConfig,
  deps: { orm: Orm; namespace: string; onError: (error: unknown) => void; onSkipped?: (task: string, start: Date) => void },
): JobScheduler {
  switch (config.kind) {
    case 'embedded':
      return new TimerJobScheduler({ orm: deps.orm, onError: deps.onError });
    case 'redis':
      return new BullmqJobScheduler({
        orm: deps.orm,
        backend: { kind: 'redis', target: config.target },
        namespace: deps.namespace,
        onError: deps.onError,
        ...(deps.onSkipped === undefined ? {} : { onSkipped: deps.onSkipped }),
      });
    case 'postgres':
      return new BullmqJobScheduler({
        orm: deps.orm,
        backend: { kind: 'postgres', connectionString: config.connectionString },
        namespace: deps.namespace,
        onError: deps.onError,
        ...(deps.onSkipped === undefined ? {} : { onSkipped: deps.onSkipped }),
      });
  }
}
