import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { withTimeout } from '../async/with-timeout.ts';
import { createRedis, type RedisTarget } from '../redis/redis-target.ts';
import type { AccessNotice } from './access-notice.ts';
import type { RealtimeBus, StreamEvent } from './stream-event.ts';
import type { UserNotice } from './user-notice.ts';

const EVENTS = 'job-events';
const ACCESS = 'access-notices';
const USER = 'user-notices';
/** A publish waits this long for Redis to come back (a Sentinel failover takes seconds), then fails. */
const PUBLISH_WAIT_MS = 20_000;

/**
 * Server mode: every API process subscribes to one Redis channel, so a worker's event reaches
 * the subscribers of every replica. Events are persisted before publishing, so a message lost
 * here is recovered from storage: by the client's replay when its socket drops, and by the hub
 * (`onResubscribed`) when this process's subscription dropped, e.g. across a Redis failover.
 */
export class RedisBus implements RealtimeBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #local = new EventEmitter().setMaxListeners(0);
  readonly #ready: Promise<unknown>;

  constructor(target: RedisTarget, prefix = '') {
    // No retry limit: a publish made while Redis fails over waits in the offline queue and goes to
    // the new primary, instead of failing the job that made it (bounded by PUBLISH_WAIT_MS).
    this.#publisher = createRedis(target, { lazyConnect: false, maxRetriesPerRequest: null });
    // Named so an operator (and the catch-up test) can tell Mirai's subscriber apart in CLIENT LIST.
    this.#subscriber = createRedis(target, { lazyConnect: false, connectionName: `${prefix}realtime-subscriber` });
    const events = `${prefix}${EVENTS}`;
    const access = `${prefix}${ACCESS}`;
    const user = `${prefix}${USER}`;
    this.#ready = this.#subscriber.subscribe(events, access, user);
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === events) this.#local.emit('event', JSON.parse(message) as StreamEvent);
      else if (channel === access) this.#local.emit('access', JSON.parse(message) as AccessNotice);
      else if (channel === user) this.#local.emit('user', JSON.parse(message) as UserNotice);
    });
    let connections = 0;
    this.#subscriber.on('ready', () => {
      connections += 1;
      if (connections === 1) return;
      // ioredis resubscribes by itself; subscribing again resolves once the channels are active
      // here, so what listeners then read from storage leaves no gap before the live events.
      this.#subscriber.subscribe(events, access, user).then(
        () => this.#local.emit('resubscribed'),
        () => undefined,
      );
    });
    this.channels = { events, access, user };
  }

  readonly channels: { events: string; access: string; user: string };

  /** Resolves once the subscription is active, so no event published after it is missed. */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  async publish(event: StreamEvent): Promise<void> {
    await withTimeout(this.#publisher.publish(this.channels.events, JSON.stringify(event)), PUBLISH_WAIT_MS, 'Redis did not take the event');
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#local.on('event', listener);
    return () => this.#local.off('event', listener);
  }

  async publishAccess(notice: AccessNotice): Promise<void> {
    await withTimeout(this.#publisher.publish(this.channels.access, JSON.stringify(notice)), PUBLISH_WAIT_MS, 'Redis did not take the notice');
  }

  onAccess(listener: (notice: AccessNotice) => void): () => void {
    this.#local.on('access', listener);
    return () => this.#local.off('access', listener);
  }

  async publishUser(notice: UserNotice): Promise<void> {
    await this.#publisher.publish(this.channels.user, JSON.stringify(notice));
  }

  onUser(listener: (notice: UserNotice) => void): () => void {
    this.#local.on('user', listener);
    return () => this.#local.off('user', listener);
  }

  onResubscribed(listener: () => void): () => void {
    this.#local.on('resubscribed', listener);
    return () => this.#local.off('resubscribed', listener);
  }

  async close(): Promise<void> {
    this.#local.removeAllListeners();
    this.#subscriber.disconnect();
    await withTimeout(this.#publisher.quit(), 2000, 'Redis quit').catch(() => this.#publisher.disconnect());
  }
}
