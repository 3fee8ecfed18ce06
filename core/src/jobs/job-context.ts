import type { EntityManager } from '@mikro-orm/postgresql';
import { onCommit } from '../db/on-commit.ts';
import { type Orm, TENANT_FILTER } from '../db/orm.ts';
import type { HandlerEventInput, StreamEventData, StreamEventInput, StreamEventType } from '../events/stream-event-catalogue.ts';
import type { JobContext, JobEventPublisher } from './job-contracts.ts';
import type { JobRecord } from './job-state.ts';

/** A fresh EntityManager that sees only `tenantId`'s rows, as request handlers do. */
export function tenantEntityManager(orm: Orm, tenantId: string): EntityManager {
  const em = orm.em.fork();
  em.setFilterParams(TENANT_FILTER, { tenantId });
  return em;
}

export type JobRef = Pick<StreamEventData<'job.queued'>, 'jobId' | 'kind' | 'parentId'>;
type Referenced<T extends StreamEventType> = Omit<StreamEventData<T>, keyof JobRef>;

/** Which job of a fan-out an event is about; the stream mixes the events of a parent and its children. */
export function jobRef(job: Pick<JobRecord, 'id' | 'kind' | 'parentId'>): JobRef {
  return { jobId: job.id, kind: job.kind, parentId: job.parentId };
}

/** A catalogue event about `job`: its data with the job's reference (which the data may override). */
export function jobEvent<T extends StreamEventType>(
  job: Pick<JobRecord, 'id' | 'kind' | 'parentId'>,
  type: T,
  data: Referenced<T>,
): StreamEventInput {
  // TypeScript cannot relate `type` and `data` across the union; the store checks the pair against the catalogue.
  return { type, data: { ...jobRef(job), ...data } } as StreamEventInput;
}

export function createJobContext(orm: Orm, publisher: JobEventPublisher, job: JobRecord, attempt: number, signal: AbortSignal): JobContext {
  // Handler events get the job's reference too (the handler may override it), for the same reason.
  const withRef = (event: HandlerEventInput): StreamEventInput => jobEvent(job, event.type, event.data);
  const publish = (event: HandlerEventInput) => publisher.publish(job.streamJobId, withRef(event));
  return {
    jobId: job.id,
    streamJobId: job.streamJobId,
    tenantId: job.tenantId,
    kind: job.kind,
    payload: job.payload,
    attempt,
    signal,
    em: () => tenantEntityManager(orm, job.tenantId),
    publish,
    async stage(tx, event) {
      if (publisher.stage === undefined) return onCommit(tx, () => publish(event));
      onCommit(tx, await publisher.stage(tx, job.streamJobId, withRef(event)));
    },
    async progress(percent, message, extra = {}) {
      const bounded = Math.max(0, Math.min(100, Math.round(percent)));
      await orm.em.fork().execute('update job set progress = ?, progress_message = ? where id = ?', [bounded, message, job.id]);
      await publish({ type: 'job.progress', data: { ...extra, percent: bounded, message } });
    },
  };
}
