import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { Orm } from '../db/orm.ts';
import type { StreamEventData, StreamEventType } from '../events/stream-event-catalogue.ts';
import type { GroupBatch } from './group-batch.ts';
import { type Completed, type Completion, completionBatch } from './job-completions.ts';
import { type JobRef, jobEvent, tenantEntityManager } from './job-context.ts';
import type { JobEventPublisher, WaitForChildren } from './job-contracts.ts';
import { finishJob, type JobRecord, markAwaitingChildren, settleParent } from './job-state.ts';
import { type CancelledJob, JobsService } from './jobs.service.ts';

export interface JobLogger {
  error(details: object, message: string): void;
}

export interface JobLifecycleOptions {
  orm: Orm;
  publisher: JobEventPublisher;
  /** Called after outbox rows were committed, so the relay can deliver at once. */
  onOutboxWritten?: () => void;
  logger?: JobLogger;
}

type EventTarget = Pick<JobRecord, 'id' | 'kind' | 'parentId' | 'streamJobId'>;
type Finish = Parameters<typeof finishJob>[3];
type EventData<T extends StreamEventType> = Omit<StreamEventData<T>, keyof JobRef>;
type FinalEvent =
  | { type: 'job.completed'; data: EventData<'job.completed'> }
  | { type: 'job.failed'; data: EventData<'job.failed'> }
  | { type: 'job.cancelled'; data: EventData<'job.cancelled'> };

class LostJob extends Error {}

/** The final event of an ended job, with what it ended with. */
function finalEvent(job: JobRecord, extra: { attempt?: number }): FinalEvent {
  if (job.status === 'failed') return { type: 'job.failed', data: { ...extra, error: job.error } };
  if (job.status === 'completed') return { type: 'job.completed', data: { ...extra, result: job.result } };
  return { type: 'job.cancelled', data: extra };
}

/** The runner's writes that end a job or a fan-out, each followed by the event that reports it. */
export class JobLifecycle {
  readonly #options: JobLifecycleOptions;
  readonly #jobs = new JobsService();
  readonly #completions: GroupBatch<Completion, Completed>;

  constructor(options: JobLifecycleOptions) {
    this.#options = options;
    this.#completions = completionBatch(options.orm, (tx, ended) => {
      const final = finalEvent(ended, { attempt: ended.attempts });
      return this.#stage(tx, ended, final.type, final.data);
    });
  }

  /** `end` with `completed` for a handler that returned, written together with other runs' completions (group commit). */
  async complete(job: JobRecord, attempt: number, result: JsonObject | null): Promise<void> {
    const { ended, announce } = await this.#completions.add({ id: job.id, attempt, result });
    if (ended === null) return;
    await announce?.();
    if (ended.parentId !== null) await this.settle(ended.parentId);
  }

  /** Ends the job if this attempt (null: any) still owns it, reports it, and settles its parent. */
  async end(job: JobRecord, attempt: number | null, finish: Finish): Promise<void> {
    const { ended, announce } = await this.#options.orm.em.fork().transactional(async (tx) => {
      const ended = await finishJob(tx, job.id, attempt, finish);
      if (ended === null) return { ended, announce: null };
      const final = finalEvent(ended, { attempt: ended.attempts });
      return { ended, announce: await this.#stage(tx, ended, final.type, final.data) };
    });
    if (ended === null) return;
    await announce?.();
    if (ended.parentId !== null) await this.settle(ended.parentId);
  }

  async awaitChildren(job: JobRecord, attempt: number, outcome: WaitForChildren): Promise<void> {
    // Children and the switch to waiting commit together; if this attempt lost the job, neither happens.
    const stillOurs = await tenantEntityManager(this.#options.orm, job.tenantId)
      .transactional(async (tx) => {
        for (const child of outcome.children) await this.#jobs.createJob(tx, { ...child, tenantId: job.tenantId, parentId: job.id });
        if (!(await markAwaitingChildren(tx, job.id, attempt, outcome.result))) throw new LostJob();
        return true;
      })
      .catch((error: unknown) => (error instanceof LostJob ? false : Promise.reject(error)));
    if (!stillOurs) return;
    this.#options.onOutboxWritten?.();
    // No children, or all of them already finished while the handler was still running.
    await this.settle(job.id);
  }

  /** Settles `parentId` if its last child has finished, then its own parent, and so on up the tree. */
  async settle(parentId: string): Promise<void> {
    let next: string | null = parentId;
    while (next !== null) {
      const id: string = next;
      const { parent, announce } = await this.#options.orm.em.fork().transactional(async (tx) => {
        const parent = await settleParent(tx, id);
        if (parent === null) return { parent, announce: null };
        const final = finalEvent(parent, {});
        return { parent, announce: await this.#stage(tx, parent, final.type, final.data) };
      });
      if (parent === null) return;
      await announce?.();
      next = parent.parentId;
    }
  }

  /** Reports jobs `requestCancel` cancelled while queued, and settles the parents they leave with nothing open. */
  async cancelled(jobs: CancelledJob[]): Promise<void> {
    for (const job of jobs) await this.publish(job, 'job.cancelled', {});
    for (const parentId of new Set(jobs.flatMap((job) => (job.parentId === null ? [] : [job.parentId])))) await this.settle(parentId);
  }

  /**
   * Stores a final event in the transaction that ends the job, so a process killed right after the
   * commit cannot lose it; the returned function sends it, and a failure to send is only logged
   * (subscribers read stored events back when they resume).
   */
  async #stage<T extends StreamEventType>(tx: EntityManager, job: EventTarget, type: T, data: EventData<T>): Promise<() => Promise<void>> {
    const event = jobEvent(job, type, data);
    const { publisher } = this.#options;
    if (publisher.stage === undefined) return () => this.publish(job, type, data);
    const send = await publisher.stage(tx, job.streamJobId, event);
    return () => send().catch((error: unknown) => this.log(error, `publishing ${type} failed`));
  }

  /** Lifecycle events follow the state change they report; losing one must not undo or fail the job. */
  async publish<T extends StreamEventType>(job: EventTarget, type: T, data: EventData<T>): Promise<void> {
    await this.#options.publisher
      .publish(job.streamJobId, jobEvent(job, type, data))
      .catch((error: unknown) => this.log(error, `publishing ${type} failed`));
  }

  log(error: unknown, message: string): void {
    this.#options.logger?.error({ err: error }, message);
  }
}
