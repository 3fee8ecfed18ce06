import type { StreamEvent } from './stream-event.ts';

const GAP_WAIT_MS = 150;

/**
 * Delivers one stream's events to one subscriber exactly once and in sequence order. Events are
 * numbered when stored, but two jobs publishing at once can reach the bus in either order, so an
 * early event waits for the missing ones; if they do not arrive, they are read back from storage.
 */
export class StreamCursor {
  #last: number;
  #replaying = true;
  readonly #held = new Map<number, StreamEvent>();
  #gapTimer: NodeJS.Timeout | undefined;
  readonly #deliver: (event: StreamEvent) => void;
  readonly #fetchAfter: (seq: number) => Promise<StreamEvent[]>;

  constructor(last: number, deliver: (event: StreamEvent) => void, fetchAfter: (seq: number) => Promise<StreamEvent[]>) {
    this.#last = last;
    this.#deliver = deliver;
    this.#fetchAfter = fetchAfter;
  }

  get last(): number {
    return this.#last;
  }

  /** Reads what was stored after `last`, then switches to live delivery. */
  async replay(): Promise<void> {
    this.#replaying = true;
    try {
      for (const event of await this.#fetchAfter(this.#last)) this.#accept(event);
    } finally {
      this.#replaying = false;
      this.#drain();
    }
  }

  push(event: StreamEvent): void {
    if (event.seq <= this.#last) return;
    this.#held.set(event.seq, event);
    if (!this.#replaying) this.#drain();
  }

  close(): void {
    clearTimeout(this.#gapTimer);
    this.#held.clear();
  }

  #accept(event: StreamEvent): void {
    if (event.seq !== this.#last + 1) return;
    this.#last = event.seq;
    this.#held.delete(event.seq);
    this.#deliver(event);
  }

  #drain(): void {
    for (let next = this.#held.get(this.#last + 1); next !== undefined; next = this.#held.get(this.#last + 1)) this.#accept(next);
    for (const seq of this.#held.keys()) if (seq <= this.#last) this.#held.delete(seq);
    clearTimeout(this.#gapTimer);
    this.#gapTimer = undefined;
    if (this.#held.size > 0) this.#gapTimer = setTimeout(() => void this.replay(), GAP_WAIT_MS);
  }
}
