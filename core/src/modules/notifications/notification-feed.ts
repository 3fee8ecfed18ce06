import type { Orm } from '../../db/orm.ts';
import { pendingNotifications } from './notification-sources.ts';
import type { Notifier } from './notifier.ts';

/**
 * Turns new sources (notification-sources.ts) into notifications, polling on job-running
 * processes. Several replicas may poll at once: each source is claimed per person, so at most
 * one of them tells anyone, and a process that dies mid-pass leaves unclaimed sources for the next.
 */
export class NotificationFeed {
  readonly #orm: Orm;
  readonly #notifier: Notifier;
  readonly #pollMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<unknown> | null = null;
  #running = false;

  constructor(deps: { orm: Orm; notifier: Notifier; pollMs: number; onError: (error: unknown) => void }) {
    this.#orm = deps.orm;
    this.#notifier = deps.notifier;
    this.#pollMs = deps.pollMs;
    this.#onError = deps.onError;
  }

  /** One pass; returns how many notifications this call handled (0 when all were already handled elsewhere). */
  async runOnce(limit = 200): Promise<number> {
    let handled = 0;
    for (const draft of await pendingNotifications(this.#orm.em.fork(), limit)) if ((await this.#notifier.notify(draft)) !== null) handled += 1;
    return handled;
  }

  start(): void {
    this.#running = true;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#pass;
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#pass = this.runOnce()
        .catch(this.#onError)
        .finally(() => {
          this.#pass = null;
          this.#schedule();
        });
    }, this.#pollMs);
    this.#timer.unref();
  }
}
