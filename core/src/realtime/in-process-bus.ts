import { EventEmitter } from 'node:events';
import type { AccessNotice } from './access-notice.ts';
import type { RealtimeBus, StreamEvent } from './stream-event.ts';
import type { UserNotice } from './user-notice.ts';

/** The embedded bus: one process, so an EventEmitter is the whole fan-out. */
export class InProcessBus implements RealtimeBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: StreamEvent): Promise<void> {
    this.#emitter.emit('event', event);
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  async publishAccess(notice: AccessNotice): Promise<void> {
    this.#emitter.emit('access', notice);
  }

  onAccess(listener: (notice: AccessNotice) => void): () => void {
    this.#emitter.on('access', listener);
    return () => this.#emitter.off('access', listener);
  }

  async publishUser(notice: UserNotice): Promise<void> {
    this.#emitter.emit('user', notice);
  }

  onUser(listener: (notice: UserNotice) => void): () => void {
    this.#emitter.on('user', listener);
    return () => this.#emitter.off('user', listener);
  }

  /** Never disconnected: one process. */
  onResubscribed(_listener: () => void): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}
