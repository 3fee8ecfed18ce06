import type { NotificationDraft } from './notifier.ts';

/** The job stream events that may be a notification source (notification-sources.ts, jobOutcomes). */
export const NOTIFYING_JOB_EVENTS: ReadonlySet<string> = new Set(['job.completed', 'job.failed', 'export.completed']);

/**
 * Turns new sources (notification-sources.ts) into notifications on job-running processes. A
 * `wake()` (a job outcome heard on the realtime bus) runs a pass at once; the poll is the backstop
 * for sources no event announces across processes (assignments and completions written by an API
 * replica) and for events lost while the bus was down. Several replicas may poll at once: each
 * source is claimed per person (`notify`), so at most one of them tells anyone, and a process that dies mid-pass leaves unclaimed sources for the next.
 */
export class NotificationFeed {
  readonly #pending: (limit: number) => Promise<NotificationDraft[]>;
  readonly #notify: (draft: NotificationDraft) => Promise<unknown>;
  readonly #pollMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<unknown> | null = null;
  #running = false;
  #again = false;

  /** `pending` reads unhandled sources (notification-sources.ts); `notify` claims one, null when another had it. */
  constructor(deps: {
    pending: (limit: number) => Promise<NotificationDraft[]>;
    notify: (draft: NotificationDraft) => Promise<unknown>;
    pollMs: number;
    onError: (error: unknown) => void;
  }) {
    this.#pending = deps.pending;
    this.#notify = deps.notify;
    this.#pollMs = deps.pollMs;
    this.#onError = deps.onError;
  }

  /** One pass; returns how many notifications this call handled (0 when all were already handled elsewhere). */
  async runOnce(limit = 200): Promise<number> {
    let handled = 0;
    for (const draft of await this.#pending(limit)) if ((await this.#notify(draft)) !== null) handled += 1;
    return handled;
  }

  start(): void {
    this.#running = true;
    this.#schedule(this.#pollMs);
  }

  /** Runs a pass as soon as the current one (if any) ends, instead of at the next poll. */
  wake(): void {
    if (!this.#running) return;
    // A pass under way may have read its sources before this event's row was there: one more after it.
    if (this.#pass !== null) this.#again = true;
    else {
      clearTimeout(this.#timer);
      this.#schedule(0);
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#pass;
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#pass = this.runOnce()
        .catch(this.#onError)
        .finally(() => {
          this.#pass = null;
          const again = this.#again;
          this.#again = false;
          this.#schedule(again ? 0 : this.#pollMs);
        });
    }, delayMs);
    this.#timer.unref();
  }
}
