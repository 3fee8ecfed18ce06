import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { AccessNotice } from './access-notice.ts';
import type { RealtimeBus, StreamEvent } from './stream-event.ts';
import type { UserNotice } from './user-notice.ts';

const EVENTS = 'job-events';
const ACCESS = 'access-notices';
const USER = 'user-notices';

/**
 * Server mode: every API process subscribes to one Redis channel, so a worker's event reaches
 * the subscribers of every replica. Events are persisted before publishing, so a message lost
 * here is recovered by the client's replay.
 */
export class RedisBus implements RealtimeBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #local = new EventEmitter().setMaxListeners(0);
  readonly #ready: Promise<unknown>;

  constructor(url: string, prefix = '') {
    this.#publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.#subscriber = new Redis(url, { lazyConnect: false });
    const events = `${prefix}${EVENTS}`;
    const access = `${prefix}${ACCESS}`;
    const user = `${prefix}${USER}`;
    this.#ready = this.#subscriber.subscribe(events, access, user);
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === events) this.#local.emit('event', JSON.parse(message) as StreamEvent);
      else if (channel === access) this.#local.emit('access', JSON.parse(message) as AccessNotice);
      else if (channel === user) this.#local.emit('user', JSON.parse(message) as UserNotice);
    });
    this.channels = { events, access, user };
  }

  readonly channels: { events: string; access: string; user: string };

  /** Resolves once the subscription is active, so no event published after it is missed. */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  async publish(event: StreamEvent): Promise<void> {
    await this.#publisher.publish(this.channels.events, JSON.stringify(event));
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#local.on('event', listener);
    return () => this.#local.off('event', listener);
  }

  async publishAccess(notice: AccessNotice): Promise<void> {
    await this.#publisher.publish(this.channels.access, JSON.stringify(notice));
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

  async close(): Promise<void> {
    this.#local.removeAllListeners();
    this.#subscriber.disconnect();
    await this.#publisher.quit().catch(() => undefined);
  }
}
