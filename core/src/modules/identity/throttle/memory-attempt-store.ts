import { type Admission, type AttemptStore, type LockoutPolicy, lockDurationMs } from './attempt-store.ts';

interface Entry {
  count: number;
  expiresAt: number;
}

/** Beyond this many keys, expired ones are swept on the next write, so the maps cannot grow without bound. */
const SWEEP_ABOVE = 10_000;

/** Embedded mode (one process): the counters live in memory and vanish on restart. */
export class MemoryAttemptStore implements AttemptStore {
  readonly #windows = new Map<string, Entry>();
  readonly #failures = new Map<string, Entry>();
  readonly #locks = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  #live(map: Map<string, Entry>, key: string): Entry | undefined {
    const entry = map.get(key);
    if (entry !== undefined && entry.expiresAt <= this.#now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const map of [this.#windows, this.#failures]) {
      if (map.size <= SWEEP_ABOVE) continue;
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
    if (this.#locks.size > SWEEP_ABOVE) for (const [key, until] of this.#locks) if (until <= now) this.#locks.delete(key);
  }

  async countInWindow(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    this.#sweep();
    const entry = this.#live(this.#windows, key) ?? { count: 0, expiresAt: this.#now() + windowMs };
    entry.count += 1;
    this.#windows.set(key, entry);
    return { count: entry.count, resetInMs: entry.expiresAt - this.#now() };
  }

  async admit(key: string, policy: LockoutPolicy): Promise<Admission> {
    this.#sweep();
    const now = this.#now();
    const lockedUntil = this.#locks.get(key) ?? 0;
    if (lockedUntil > now) return { admitted: false, retryInMs: lockedUntil - now };
    const failures = (this.#live(this.#failures, key)?.count ?? 0) + 1;
    this.#failures.set(key, { count: failures, expiresAt: now + policy.memoryMs });
    const lockMs = lockDurationMs(failures, policy);
    if (lockMs > 0) this.#locks.set(key, now + lockMs);
    return { admitted: true };
  }

  async clear(key: string): Promise<void> {
    this.#failures.delete(key);
    this.#locks.delete(key);
  }

  async close(): Promise<void> {}
}
