import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject } from '@mirai/sdk-plugin';
import type { Orm } from '../db/orm.ts';
import { assertStreamEvent } from '../events/stream-event-catalogue.ts';
import type { JobEventInput, JobEventPublisher } from '../jobs/job-contracts.ts';
import { inChildSpan } from '../observability/tracer.ts';
import type { RealtimeBus, StreamEvent } from './stream-event.ts';

interface EventRow {
  seq: string | number;
  tenant_id: string;
  course_id: string | null;
  type: string;
  data: JsonObject;
  created_at: Date | string;
}

const toEvent = (streamJobId: string, row: EventRow): StreamEvent => ({
  streamJobId,
  seq: Number(row.seq),
  tenantId: row.tenant_id,
  courseId: row.course_id,
  type: row.type,
  data: row.data,
  at: new Date(row.created_at).toISOString(),
});

/**
 * Persists each event with the next sequence number of its stream (taken from the stream's job
 * row, so concurrent child jobs still produce one gap-free order), then publishes it.
 */
export class JobEventStore implements JobEventPublisher {
  readonly #orm: Orm;
  readonly #bus: RealtimeBus;

  constructor(orm: Orm, bus: RealtimeBus) {
    this.#orm = orm;
    this.#bus = bus;
  }

  async publish(streamJobId: string, event: JobEventInput): Promise<number> {
    const stored = await this.#insert(this.#orm.em.fork(), streamJobId, event);
    await this.#publish(stored);
    return stored.seq;
  }

  /** To subscribers on every replica, inside an `event <type>` span: the last hop of a traced generation. */
  #publish(stored: StreamEvent): Promise<void> {
    const attributes = { 'mirai.event': stored.type, 'mirai.stream.job_id': stored.streamJobId, 'mirai.stream.seq': stored.seq };
    return inChildSpan(`event ${stored.type}`, attributes, () => this.#bus.publish(stored));
  }

  /** Inserts in `tx` (so it commits with the change it reports); the returned function publishes it, after the commit. */
  async stage(tx: EntityManager, streamJobId: string, event: JobEventInput): Promise<() => Promise<void>> {
    const stored = await this.#insert(tx, streamJobId, event);
    return () => this.#publish(stored);
  }

  async #insert(em: EntityManager, streamJobId: string, event: JobEventInput): Promise<StreamEvent> {
    // Only catalogue events are stored (and so sent): what the app compiles against is what it gets.
    assertStreamEvent(event.type, event.data);
    // em.execute, not getConnection(): inside a transaction it must use the transaction's connection.
    const rows = await em.execute<EventRow[]>(
      `with next as (update job set event_seq = event_seq + 1 where id = ? returning event_seq, tenant_id, course_id)
         insert into job_event (job_id, seq, tenant_id, course_id, type, data, created_at)
         select ?, event_seq, tenant_id, course_id, ?, ?::jsonb, now() from next
         returning seq, tenant_id, course_id, type, data, created_at`,
      [streamJobId, streamJobId, event.type, JSON.stringify(event.data)],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`job ${streamJobId} does not exist`);
    return toEvent(streamJobId, row);
  }

  /** Events of a stream after `afterSeq`, in order: what a reconnecting client missed. */
  async after(streamJobId: string, afterSeq: number): Promise<StreamEvent[]> {
    const rows = await this.#orm.em
      .fork()
      .getConnection()
      .execute<EventRow[]>('select seq, tenant_id, course_id, type, data, created_at from job_event where job_id = ? and seq > ? order by seq', [
        streamJobId,
        afterSeq,
      ]);
    return rows.map((row) => toEvent(streamJobId, row));
  }
}
