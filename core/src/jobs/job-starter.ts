import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { Static, TObject } from 'typebox';
import { onCommit } from '../db/on-commit.ts';
import type { StreamEventData } from '../events/stream-event-catalogue.ts';
import type { Job } from './job.entity.ts';
import { jobEvent } from './job-context.ts';
import type { JobEventPublisher } from './job-contracts.ts';
import type { JobType } from './job-definition.ts';
import type { JobsService } from './jobs.service.ts';

/** A job to start: its type, the payload that type declares, and where it belongs. */
export interface StartJob<Payload extends TObject> {
  type: JobType<Payload>;
  tenantId: string;
  /** JSON, as the job row stores it. */
  payload: Static<Payload> & JsonObject;
  courseId?: string | null;
  maxAttempts?: number;
  /** Added to `job.queued`, for subscribers that need to know what the job is about (e.g. which export). */
  announce?: Omit<StreamEventData<'job.queued'>, 'jobId' | 'kind' | 'parentId'>;
}

/**
 * The one way the core starts a root job. In the caller's transaction: the job row, its outbox
 * intent and its `job.queued` event (stored, so it is always the stream's first event). After that
 * transaction commits: `job.queued` goes to live subscribers and the relay is told to deliver.
 */
export class JobStarter {
  readonly #jobs: JobsService;
  readonly #events: JobEventPublisher;
  readonly #onOutboxWritten: () => void;

  constructor(options: { jobs: JobsService; events: JobEventPublisher; onOutboxWritten: () => void }) {
    this.#jobs = options.jobs;
    this.#events = options.events;
    this.#onOutboxWritten = options.onOutboxWritten;
  }

  async start<Payload extends TObject>(tx: EntityManager, job: StartJob<Payload>): Promise<Job> {
    const created = await this.#jobs.createJob(tx, {
      kind: job.type.kind,
      tenantId: job.tenantId,
      payload: job.payload,
      courseId: job.courseId ?? null,
      ...(job.maxAttempts === undefined ? {} : { maxAttempts: job.maxAttempts }),
    });
    const queued = jobEvent({ id: created.id, kind: created.kind, parentId: created.parentId ?? null }, 'job.queued', job.announce ?? {});
    if (this.#events.stage === undefined) onCommit(tx, () => this.#events.publish(created.streamJobId, queued));
    else {
      // The event row numbers itself from the job row, which must exist first.
      await tx.flush();
      onCommit(tx, await this.#events.stage(tx, created.streamJobId, queued));
    }
    onCommit(tx, () => this.#onOutboxWritten());
    return created;
  }
}
