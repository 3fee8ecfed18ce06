import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { JsonObject } from '@mirai/sdk-plugin';
import { JOB_STATUSES } from './job-contracts.ts';

/**
 * One unit of durable work; the row is the truth, transports only carry "run job X, attempt N".
 * `event_seq` is deliberately not mapped: realtime/ increments it with SQL, and a stale value in
 * an identity map must never be flushed back over it.
 */
export const JobSchema = defineEntity({
  name: 'Job',
  tableName: 'job',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    kind: p.text(),
    status: p.enum(JOB_STATUSES),
    payload: p.json<JsonObject>(),
    result: p.json<JsonObject>().nullable(),
    error: p.text().nullable(),
    progress: p.integer().default(0),
    progressMessage: p.text().nullable(),
    parentId: p.uuid().nullable(),
    courseId: p.uuid().nullable(),
    /** Root of the fan-out (the job itself for roots): every event of one run lands on one stream. */
    streamJobId: p.uuid(),
    attempts: p.integer().default(0),
    maxAttempts: p.integer().default(5),
    /** Set when a parent's handler returned `waitForChildren`; only then may its children settle it. */
    awaitingChildren: p.boolean().default(false),
    cancelRequested: p.boolean().default(false),
    heartbeatAt: p.datetime().nullable(),
    /** When the recovery sweep last re-sent the current attempt (see recovery-sweep.ts). */
    resentAt: p.datetime().nullable(),
    /** W3C traceparent of the span that created the job (null when traces are off): the worker's span continues that trace. */
    traceParent: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});

export type Job = InferEntity<typeof JobSchema>;

/** "Deliver job X attempt N once `available_at` has passed", written in the transaction that wants it. */
export const JobOutboxSchema = defineEntity({
  name: 'JobOutbox',
  tableName: 'job_outbox',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    jobId: p.uuid(),
    /** The job's tenant, so the relay can serve tenants fairly from an index (tenant-hand-over.ts). */
    tenantId: p.uuid(),
    kind: p.text(),
    attempt: p.integer(),
    // Database clock, like the relay's `available_at <= now()`, so app/DB clock skew cannot delay work.
    availableAt: p.datetime().defaultRaw('now()'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export type JobOutbox = InferEntity<typeof JobOutboxSchema>;
