import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import { type Orm, TENANT_FILTER } from '../db/orm.ts';
import type { JobContext, JobEventInput, JobEventPublisher } from './job-contracts.ts';
import type { JobRecord } from './job-state.ts';

/** A fresh EntityManager that sees only `tenantId`'s rows, as request handlers do. */
export function tenantEntityManager(orm: Orm, tenantId: string): EntityManager {
  const em = orm.em.fork();
  em.setFilterParams(TENANT_FILTER, { tenantId });
  return em;
}

/** Which job of a fan-out an event is about; the stream mixes the events of a parent and its children. */
export function jobRef(job: Pick<JobRecord, 'id' | 'kind' | 'parentId'>): JsonObject {
  return { jobId: job.id, kind: job.kind, parentId: job.parentId };
}

export function createJobContext(orm: Orm, publisher: JobEventPublisher, job: JobRecord, attempt: number, signal: AbortSignal): JobContext {
  // Handler events get the job's reference too (the handler may override it), for the same reason.
  const withRef = (event: JobEventInput): JobEventInput => ({ type: event.type, data: { ...jobRef(job), ...event.data } });
  const publish = (event: JobEventInput) => publisher.publish(job.streamJobId, withRef(event));
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
      if (publisher.stage !== undefined) return publisher.stage(tx, job.streamJobId, withRef(event));
      return async () => void (await publish(event));
    },
    async progress(percent, message, extra = {}) {
      const bounded = Math.max(0, Math.min(100, Math.round(percent)));
      await orm.em.fork().execute('update job set progress = ?, progress_message = ? where id = ?', [bounded, message, job.id]);
      await publish({ type: 'job.progress', data: { ...extra, percent: bounded, message } });
    },
  };
}
