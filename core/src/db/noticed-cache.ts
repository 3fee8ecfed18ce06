export interface NoticedCacheOptions {
  /** A safety net only: change notices, not age, are what keep entries correct. */
  ttlMs?: number;
  /** How many entries are kept; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * What every in-process cache kept correct by the database's change notices (see
 * change-notice-listener.ts) must get right in the same way: while notices cannot be heard nothing
 * is kept, and a load that overlaps any notice is returned but not kept, since it may have read the
 * rows from before the change. Subclasses decide what a notice names and how entries are stored.
 */
export abstract class NoticedCache {
  protected readonly ttlMs: number;
  protected readonly maxEntries: number;
  protected readonly now: () => number;
  #epoch = 0;
  #hearing = false;

  constructor(options: NoticedCacheOptions, defaultMaxEntries: number) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? defaultMaxEntries;
    this.now = options.now ?? Date.now;
  }

  /** Whether change notices are being heard; caching stops (and everything is forgotten) while they are not. */
  hearing(yes: boolean): void {
    this.forgetAll();
    this.#hearing = yes;
  }

  /** A change notice from the database; the subclass forgets what it names. */
  changed(notice: string): void {
    this.#epoch++;
    this.forget(notice);
  }

  /** Call before a load; the answer says whether what it loaded may be kept. */
  protected loadStarted(): () => boolean {
    const epoch = this.#epoch;
    return () => this.#hearing && this.#epoch === epoch;
  }

  protected isFresh(storedAt: number): boolean {
    return this.now() - storedAt < this.ttlMs;
  }

  protected forgetAll(): void {
    this.#epoch++;
    this.clear();
  }

  /** Forgets what `notice` names (everything, when it names nothing the cache knows how to forget). */
  protected abstract forget(notice: string): void;

  protected abstract clear(): void;
}
