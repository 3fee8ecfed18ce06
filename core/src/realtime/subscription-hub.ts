import type { Orm } from '../db/orm.ts';
import type { ErrorCode } from '../errors/error-catalogue.ts';
import type { JobStreamSubscribed } from '../events/stream-event-catalogue.ts';
import { canReadCourseDrafts, canReadJob, refusalCode } from '../modules/identity/access-policy.ts';
import type { AuthContext } from '../modules/identity/auth-context.ts';
import type { AccessNotice } from './access-notice.ts';
import type { JobEventStore } from './job-event-store.ts';
import { StreamCursor } from './stream-cursor.ts';
import type { RealtimeBus, StreamEvent } from './stream-event.ts';
import { type UserNotice, userNoticeMessage } from './user-notice.ts';

/** What the hub needs of a connection: small enough to test without sockets. */
export interface Subscriber {
  /** Who opened the socket, as authenticated when it opened; an access notice closes it. */
  auth: Pick<AuthContext, 'tenantId' | 'role' | 'userId' | 'sessionId'>;
  send(message: object): void;
  /** A message already serialised to UTF-8 JSON (an event goes to every subscriber as the same bytes); sent as a text frame. */
  sendSerialised(json: Buffer): void;
  /** Bytes queued but not yet written; a client that stops reading grows this. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
}

interface Subscriptions {
  /** Per stream: what was delivered, and what waits for an earlier event. */
  streams: Map<string, StreamCursor>;
  courses: Set<string>;
}

const SLOW_CLIENT_BYTES = 4 * 1_048_576;

/** Close code for a socket whose session ended or whose membership changed: reconnect to re-authenticate. */
export const ACCESS_CHANGED_CLOSE_CODE = 4003;

/** A subscription answer: granted, or refused with the code the matching REST route would give. */
export type SubscribeResult = { ok: true } | { ok: false; code: ErrorCode };

const concerns = (notice: AccessNotice, auth: Subscriber['auth']): boolean =>
  notice.kind === 'session-ended' ? auth.sessionId === notice.sessionId : auth.tenantId === notice.tenantId && auth.userId === notice.userId;

export const eventMessage = (event: StreamEvent) => ({
  type: 'event',
  jobId: event.streamJobId,
  seq: event.seq,
  event: event.type,
  courseId: event.courseId,
  data: event.data,
  at: event.at,
});

/** One event's message, serialised and encoded once however many subscribers receive it. */
const serialised = new WeakMap<StreamEvent, Buffer>();
function eventJson(event: StreamEvent): Buffer {
  let json = serialised.get(event);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(eventMessage(event)));
    serialised.set(event, json);
  }
  return json;
}

/**
 * Routes bus events to this process's websocket subscribers. A subscription is authorised by the
 * same rules as the REST routes (`canReadJob`, `canReadCourseDrafts`); tenancy is checked again per
 * event; and an access notice (logout, removal, role change, from any replica) closes the sockets
 * opened under the access that ended.
 */
export class SubscriptionHub {
  readonly #subscribers = new Map<Subscriber, Subscriptions>();
  readonly #orm: Orm;
  readonly #store: JobEventStore;
  readonly #unsubscribe: Array<() => void>;

  constructor(orm: Orm, store: JobEventStore, bus: RealtimeBus) {
    this.#orm = orm;
    this.#store = store;
    this.#unsubscribe = [
      bus.subscribe((event) => this.#dispatch(event)),
      bus.onAccess((notice) => this.#revoke(notice)),
      bus.onUser((notice) => this.#tell(notice)),
      bus.onResubscribed(() => this.#catchUp()),
    ];
  }

  /** Only the sockets opened by that very user in that very organisation. */
  #tell(notice: UserNotice): void {
    for (const subscriber of this.#subscribers.keys())
      if (subscriber.auth.tenantId === notice.tenantId && subscriber.auth.userId === notice.userId) subscriber.send(userNoticeMessage(notice));
  }

  /** The bus was cut off for a while: every open stream reads back from storage what it missed. */
  #catchUp(): void {
    for (const subs of this.#subscribers.values()) for (const cursor of subs.streams.values()) void cursor.replay();
  }

  #revoke(notice: AccessNotice): void {
    for (const subscriber of [...this.#subscribers.keys()]) {
      if (!concerns(notice, subscriber.auth)) continue;
      this.remove(subscriber);
      subscriber.close(ACCESS_CHANGED_CLOSE_CODE, notice.kind === 'session-ended' ? 'session ended' : 'membership changed: reconnect');
    }
  }

  get size(): number {
    return this.#subscribers.size;
  }

  add(subscriber: Subscriber): void {
    this.#subscribers.set(subscriber, { streams: new Map(), courses: new Set() });
  }

  remove(subscriber: Subscriber): void {
    for (const cursor of this.#subscribers.get(subscriber)?.streams.values() ?? []) cursor.close();
    this.#subscribers.delete(subscriber);
  }

  #cursor(subscriber: Subscriber, streamJobId: string, last: number): StreamCursor {
    return new StreamCursor(
      last,
      (event) => this.#deliver(subscriber, event),
      (seq) => this.#store.after(streamJobId, seq),
    );
  }

  #deliver(subscriber: Subscriber, event: StreamEvent): void {
    // A client that cannot keep up is dropped rather than buffered without bound; it reconnects
    // with its last sequence number and replays from the database.
    if (subscriber.bufferedAmount() > SLOW_CLIENT_BYTES) {
      this.remove(subscriber);
      subscriber.close(4008, 'too slow: reconnect and resume from your last seq');
      return;
    }
    subscriber.sendSerialised(eventJson(event));
  }

  #dispatch(event: StreamEvent): void {
    for (const [subscriber, subs] of this.#subscribers) {
      if (subscriber.auth.tenantId !== event.tenantId) continue;
      let cursor = subs.streams.get(event.streamJobId);
      if (cursor === undefined && event.courseId !== null && subs.courses.has(event.courseId)) {
        // A course subscriber meets this stream now. The hub owns replay: it sends the stream whole,
        // from its first event (read back from storage), and this event after them, so a client
        // never has to notice it joined halfway and ask again.
        cursor = this.#cursor(subscriber, event.streamJobId, 0);
        subs.streams.set(event.streamJobId, cursor);
        cursor.push(event);
        void cursor.replay();
        continue;
      }
      cursor?.push(event);
    }
  }

  async #row<T>(sql: string, params: unknown[]): Promise<T | null> {
    const rows = await this.#orm.em.fork().getConnection().execute<T[]>(sql, params);
    return rows[0] ?? null;
  }

  /** Replays what the client missed after `afterSeq`, then streams live, with no gap or duplicate. */
  async subscribeJob(subscriber: Subscriber, jobId: string, afterSeq: number): Promise<SubscribeResult> {
    const job = await this.#row<{ tenantId: string }>('select tenant_id as "tenantId" from job where id = ? and tenant_id = ?', [
      jobId,
      subscriber.auth.tenantId,
    ]);
    const decision = canReadJob(subscriber.auth, job);
    if (decision !== 'allowed') return { ok: false, code: refusalCode(decision, 'MIRAI_ERR_JOB_NOT_FOUND') };
    // Gone while the row was read: the socket closed, or an access notice closed it.
    const subs = this.#subscribers.get(subscriber);
    if (subs === undefined) return { ok: false, code: 'MIRAI_ERR_JOB_NOT_FOUND' };
    subs.streams.get(jobId)?.close();
    const cursor = this.#cursor(subscriber, jobId, afterSeq);
    subs.streams.set(jobId, cursor);
    await cursor.replay();
    const reply: JobStreamSubscribed = { type: 'subscribed', jobId, lastSeq: cursor.last };
    subscriber.send(reply);
    return { ok: true };
  }

  /**
   * Every job of a course: each stream the subscriber meets is sent whole (see #dispatch). The reply
   * lists the active jobs with their kind and last seq, so a client can follow one that produces
   * nothing for a while, and knows which job is which.
   */
  async subscribeCourse(subscriber: Subscriber, courseId: string): Promise<SubscribeResult> {
    const course = await this.#row<{ tenantId: string }>('select tenant_id as "tenantId" from course where id = ? and tenant_id = ?', [
      courseId,
      subscriber.auth.tenantId,
    ]);
    const decision = canReadCourseDrafts(subscriber.auth, course);
    if (decision !== 'allowed') return { ok: false, code: refusalCode(decision, 'MIRAI_ERR_COURSE_NOT_FOUND') };
    // Gone while the row was read: the socket closed, or an access notice closed it.
    const subs = this.#subscribers.get(subscriber);
    if (subs === undefined) return { ok: false, code: 'MIRAI_ERR_COURSE_NOT_FOUND' };
    subs.courses.add(courseId);
    const active = await this.#orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; kind: string; event_seq: string | number }[]>(
        "select id, kind, event_seq from job where course_id = ? and tenant_id = ? and parent_id is null and status in ('queued', 'running') order by created_at",
        [courseId, subscriber.auth.tenantId],
      );
    const reply: JobStreamSubscribed = {
      type: 'subscribed',
      courseId,
      activeJobs: active.map((job) => ({ jobId: job.id, kind: job.kind, lastSeq: Number(job.event_seq) })),
    };
    subscriber.send(reply);
    return { ok: true };
  }

  unsubscribe(subscriber: Subscriber, target: { jobId?: string; courseId?: string }): void {
    const subs = this.#subscribers.get(subscriber);
    if (target.jobId !== undefined) {
      subs?.streams.get(target.jobId)?.close();
      subs?.streams.delete(target.jobId);
    }
    if (target.courseId !== undefined) subs?.courses.delete(target.courseId);
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const subscriber of this.#subscribers.keys()) subscriber.close(1001, 'server shutting down');
    this.#subscribers.clear();
  }
}
