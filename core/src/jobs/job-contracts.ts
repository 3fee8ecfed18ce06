import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { HandlerEventInput, StreamEventData, StreamEventInput } from '../events/stream-event-catalogue.ts';

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

/** An event of the catalogue (events/stream-event-catalogue.ts); persisted with a per-stream sequence number. */
export type JobEventInput = StreamEventInput;

/** What `progress` may add to a `job.progress` event besides percent and message: the catalogue's fields, or more JSON. */
export type JobProgressExtra = Omit<StreamEventData<'job.progress'>, 'jobId' | 'kind' | 'parentId' | 'percent' | 'message'> & JsonObject;

/**
 * Persists an event on a job's stream (the root job of a fan-out, so one generation run is one
 * ordered stream) and fans it out to live subscribers. Implemented by realtime/.
 */
export interface JobEventPublisher {
  publish(streamJobId: string, event: JobEventInput): Promise<number>;
  /**
   * Stores the event inside `tx`, so it commits (or not) together with the change it reports: a
   * process killed right after that commit cannot lose it. The returned function sends it to live
   * subscribers; call it after the commit. Without `stage`, callers publish after the commit.
   */
  stage?(tx: EntityManager, streamJobId: string, event: JobEventInput): Promise<() => Promise<void>>;
}

export interface JobContext {
  jobId: string;
  /** The job whose event stream this job writes to: its root parent, or itself. */
  streamJobId: string;
  tenantId: string;
  kind: string;
  payload: JsonObject;
  /**
   * 1 on the first run, +1 per retry. A re-delivery after a worker died or shut down (BullMQ stall,
   * embedded restart) runs the same attempt again; only the recovery sweep, the last resort for a
   * job nothing delivers any more, counts as a new attempt.
   */
  attempt: number;
  /** Aborted when the job is cancelled or the worker shuts down. */
  signal: AbortSignal;
  /** A fresh EntityManager with the tenant filter set to the job's tenant. */
  em(): EntityManager;
  /**
   * Both use their own database connection: never call them while holding a transaction on `em()`
   * (embedded mode has exactly one connection, so that would wait forever). The runner adds
   * `jobId`, `kind` and `parentId` to `data`, since one stream carries a parent and its children.
   */
  publish(event: HandlerEventInput): Promise<number>;
  /**
   * Stores the event in the caller's transaction `tx` (of `em()`), for an event that must not be
   * lost once the change it reports is committed; it is sent to subscribers once `tx` commits.
   */
  stage(tx: EntityManager, event: HandlerEventInput): Promise<void>;
  /** Reports percent (0..100) and a message as a `job.progress` event and on the job row. */
  progress(percent: number, message: string, extra?: JobProgressExtra): Promise<void>;
}

/** A child to start when a parent's handler returns `waitForChildren(...)`. */
export type ChildJob = Omit<NewJob, 'tenantId' | 'parentId'>;

// A symbol, not a string key, so no JSON result can be mistaken for the marker.
const WAIT_MARKER: unique symbol = Symbol.for('mirai.jobs.waitForChildren');

/** A parent's outcome: it stays `running` until every child is final, then completes once. */
export interface WaitForChildren {
  readonly [WAIT_MARKER]: true;
  /** Created by the runner in one transaction with the parent's switch to waiting. */
  readonly children: readonly ChildJob[];
  /** Kept on the parent; the children summary is merged into it on completion. */
  readonly result: JsonObject | undefined;
}

export function waitForChildren(options: { children?: readonly ChildJob[]; result?: JsonObject } = {}): WaitForChildren {
  return Object.freeze({ [WAIT_MARKER]: true as const, children: Object.freeze([...(options.children ?? [])]), result: options.result });
}

/** For a handler that created its children itself (in its own transaction) and now waits for them. */
export const WAIT_FOR_CHILDREN: WaitForChildren = waitForChildren();

export function isWaitForChildren(outcome: JobOutcome): outcome is WaitForChildren {
  return outcome !== undefined && WAIT_MARKER in outcome;
}

export type JobOutcome = JsonObject | undefined | WaitForChildren;

/**
 * Handlers must be idempotent (check state → act → save): a job can be delivered again after a
 * crash. Throw `TransientJobError` for failures worth retrying; anything else fails the job once.
 * Children may also be created by the handler itself (`createJob` with `parentId`), as long as it
 * then returns `waitForChildren()`: the parent is only settled after its handler returned.
 */
export type JobHandler = (context: JobContext) => Promise<JobOutcome>;

export class TransientJobError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'TransientJobError';
  }
}

/** Worth retrying: our own marker, or a plugin's `PluginError` flagged transient (matched by shape across package copies). */
export function isTransientError(error: unknown): boolean {
  if (error instanceof TransientJobError) return true;
  return error instanceof Error && error.name === 'PluginError' && 'transient' in error && error.transient === true;
}

/** What the rest of the core uses to start work: a job row and its outbox intent in the caller's transaction. */
export interface NewJob {
  kind: string;
  tenantId: string;
  payload: JsonObject;
  courseId?: string | null;
  parentId?: string | null;
  maxAttempts?: number;
}
