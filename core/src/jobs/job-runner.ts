import { userFacingMessage } from '../errors/plugin-failure-message.ts';
import type { JobObserver } from '../observability/job-observer.ts';
import { retryDelayMs } from './backoff.ts';
import { GroupBatch } from './group-batch.ts';
import { createJobContext } from './job-context.ts';
import { FINAL_JOB_STATUSES, isTransientError, isWaitForChildren, type JobHandler, type JobOutcome } from './job-contracts.ts';
import type { JobDefinition } from './job-definition.ts';
import { JobLifecycle, type JobLifecycleOptions } from './job-lifecycle.ts';
import { type ClaimResult, type ClaimWanted, claimJobs, heartbeat, type JobRecord, loadJob, scheduleRetry } from './job-state.ts';
import type { DeliveryOutcome, JobDelivery } from './job-transport.ts';
import type { CancelRequest } from './jobs.service.ts';

export type { JobLogger } from './job-lifecycle.ts';

export interface JobRunnerOptions extends JobLifecycleOptions {
  /** Retry back-off: exponential from `retryBaseMs` (default 1 s), capped at `retryCapMs` (default 60 s). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How often running jobs are checked for cancellation (default 500 ms). */
  cancelPollMs?: number;
  /** How often running jobs' `heartbeat_at` is refreshed (default 5 s). */
  heartbeatMs?: number;
  /** Times handlers and runs them in a span continuing the job creator's trace. */
  observer?: JobObserver;
  /** Called when a delivery is over: its tenant has a slot free, so the relay may hand over more (`relay.kick()`). */
  onDeliveryEnded?: () => void;
}

interface LocalRun {
  controller: AbortController;
  /** Why the handler's signal was aborted, if it was. */
  reason: 'cancel' | 'shutdown' | null;
}

/**
 * Runs deliveries against the job table, which decides everything: a delivery for a finished job,
 * an older attempt or a job already running here is a no-op, so transports may deliver twice.
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #lifecycle: JobLifecycle;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #local = new Map<string, LocalRun>();
  readonly #runs = new Set<Promise<DeliveryOutcome>>();
  readonly #timer: NodeJS.Timeout;
  /** Concurrent deliveries load and claim their jobs together, one statement per round. */
  readonly #claims = new GroupBatch<ClaimWanted, ClaimResult>((wanted) => claimJobs(this.#options.orm.em.fork(), wanted, [...this.#handlers.keys()]));
  #lastBeat = 0;
  #ticking = false;
  #closing = false;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
    this.#lifecycle = new JobLifecycle(options);
    this.#timer = setInterval(() => void this.#tick(), options.cancelPollMs ?? 500);
    this.#timer.unref();
  }

  /** A job definition (`defineJob`), or a kind with an untyped handler. */
  register(definition: JobDefinition): this;
  register(kind: string, handler: JobHandler): this;
  register(kindOrDefinition: string | JobDefinition, untyped?: JobHandler): this {
    const { kind, handler } = typeof kindOrDefinition === 'string' ? { kind: kindOrDefinition, handler: untyped } : kindOrDefinition;
    if (handler === undefined) throw new Error(`no handler given for job kind "${kind}"`);
    if (this.#handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    this.#handlers.set(kind, handler);
    return this;
  }

  /** The transport's `process`. */
  readonly process = (delivery: JobDelivery): Promise<DeliveryOutcome> => this.run(delivery.id, delivery.attempt);

  async run(jobId: string, attempt: number): Promise<DeliveryOutcome> {
    if (this.#closing) return 'released';
    // The same job is already being handled here: this delivery is a duplicate.
    if (this.#local.has(jobId)) return 'done';
    const local: LocalRun = { controller: new AbortController(), reason: null };
    this.#local.set(jobId, local);
    const run = this.#deliver(jobId, attempt, local).finally(() => {
      this.#local.delete(jobId);
      // Not while shutting down: a pass would only hand jobs to a consumer that releases them.
      if (!this.#closing) this.#options.onDeliveryEnded?.();
    });
    this.#runs.add(run);
    try {
      return await run;
    } finally {
      this.#runs.delete(run);
    }
  }

  /** Aborts a job's handler in this process right away (e.g. the API process that just requested the cancel). */
  abortLocal(jobId: string, reason: 'cancel' | 'shutdown' = 'cancel'): boolean {
    const local = this.#local.get(jobId);
    if (local === undefined) return false;
    local.reason ??= reason;
    local.controller.abort(new DOMException(reason === 'cancel' ? 'Job cancelled' : 'Worker shutting down', 'AbortError'));
    return true;
  }

  /** After `JobsService.requestCancel` committed: stop local handlers, report jobs cancelled while queued, settle parents. */
  async announceCancel(request: CancelRequest): Promise<void> {
    for (const job of request.stopping) this.abortLocal(job.id);
    await this.#lifecycle.cancelled(request.cancelled);
  }

  /** Aborts running handlers (their jobs are released for re-delivery, not failed) and waits for them. */
  async shutdown(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#timer);
    for (const jobId of this.#local.keys()) this.abortLocal(jobId, 'shutdown');
    await Promise.allSettled([...this.#runs]);
  }

  async #deliver(jobId: string, attempt: number, local: LocalRun): Promise<DeliveryOutcome> {
    const lifecycle = this.#lifecycle;
    // One statement loads the row and, in the plain case, claims it; the rest is decided from the row.
    const { seen: job, claimed } = await this.#claims.add({ id: jobId, attempt });
    if (job === null || attempt < job.attempts) return 'done';
    // Idempotent, and it repairs a parent whose settling was interrupted by a crash.
    if (FINAL_JOB_STATUSES.includes(job.status)) return job.parentId === null ? 'done' : lifecycle.settle(job.parentId).then(() => 'done');
    if (job.awaitingChildren) return lifecycle.settle(job.id).then(() => 'done');
    if (job.cancelRequested) return lifecycle.end(job, null, { status: 'cancelled' }).then(() => 'done');
    // Only the recovery sweep pushes attempts past the maximum: the worker kept dying on this job.
    if (job.attempts > job.maxAttempts)
      return lifecycle
        .end(job, null, { status: 'failed', error: `Gave up after ${job.maxAttempts} attempts: the worker running it stopped responding` })
        .then(() => 'done');
    const handler = this.#handlers.get(job.kind);
    if (handler === undefined)
      return lifecycle.end(job, null, { status: 'failed', error: `No handler for job kind "${job.kind}"` }).then(() => 'done');

    // Every reason not to claim was handled above, so another delivery won the race for this row.
    if (claimed === null) return 'done';
    const resumed = job.status === 'running' || job.attempts === attempt;
    if (claimed.cancelRequested) return lifecycle.end(job, attempt, { status: 'cancelled' }).then(() => 'done');
    await lifecycle.publish(job, resumed ? 'job.resumed' : 'job.started', { attempt });
    let outcome: JobOutcome;
    try {
      const run = () => handler(createJobContext(this.#options.orm, this.#options.publisher, job, attempt, local.controller.signal));
      const observer = this.#options.observer;
      outcome = await (observer === undefined
        ? run()
        : observer.run(job, attempt, run, (result) => (isWaitForChildren(result) ? 'waiting' : 'completed')));
    } catch (error) {
      return this.#failed(job, attempt, local, error);
    }
    if (isWaitForChildren(outcome)) await lifecycle.awaitChildren(job, attempt, outcome);
    else await lifecycle.complete(job, attempt, outcome ?? null);
    return 'done';
  }

  async #failed(job: JobRecord, attempt: number, local: LocalRun, error: unknown): Promise<DeliveryOutcome> {
    if (local.reason === 'shutdown') return 'released';
    // The message only, and not an upstream's: it is shown to users; the rest belongs in logs.
    const reason = userFacingMessage(error);
    const cancelRequested = async () => (await loadJob(this.#options.orm.em.fork(), job.id))?.cancelRequested === true;
    let cancelled = local.reason === 'cancel' || (await cancelRequested());
    if (!cancelled && isTransientError(error) && attempt < job.maxAttempts) {
      const delayMs = retryDelayMs(attempt, this.#options.retryBaseMs ?? 1000, this.#options.retryCapMs ?? 60_000);
      if (await scheduleRetry(this.#options.orm.em.fork(), job, attempt, delayMs, reason)) {
        this.#options.onOutboxWritten?.();
        await this.#lifecycle.publish(job, 'job.retrying', { attempt, nextAttempt: attempt + 1, reason, delayMs });
        return 'done';
      }
      // Not rescheduled: a cancel arrived in between (or a newer attempt owns the job, and the end below is a no-op).
      cancelled = await cancelRequested();
    }
    if (!cancelled) this.#lifecycle.log(error, `job ${job.id} (${job.kind}) failed`);
    await this.#lifecycle.end(job, attempt, cancelled ? { status: 'cancelled' } : { status: 'failed', error: reason });
    return 'done';
  }

  /** One query per tick for every job running here: cancellation flags, and every `heartbeatMs` a heartbeat. */
  async #tick(): Promise<void> {
    if (this.#ticking || this.#local.size === 0) return;
    this.#ticking = true;
    try {
      const touch = Date.now() - this.#lastBeat >= (this.#options.heartbeatMs ?? 5000);
      if (touch) this.#lastBeat = Date.now();
      for (const jobId of await heartbeat(this.#options.orm.em.fork(), [...this.#local.keys()], touch)) this.abortLocal(jobId);
    } catch (error) {
      this.#lifecycle.log(error, 'job heartbeat failed');
    } finally {
      this.#ticking = false;
    }
  }
}
