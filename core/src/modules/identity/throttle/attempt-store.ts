/** How an account's failed sign-ins turn into a lock: `threshold` failures lock it for `baseMs`, each further one doubles that up to `maxMs`. */
export interface LockoutPolicy {
  threshold: number;
  baseMs: number;
  maxMs: number;
  /** How long failures are remembered without a new one (a success forgets them at once). */
  memoryMs: number;
}

export type Admission = { admitted: true } | { admitted: false; retryInMs: number };

/**
 * Counters for sign-in throttling. Embedded mode keeps them in the process; server mode keeps them
 * in Redis so every API replica sees the same counts. Each operation is atomic, so concurrent
 * guesses cannot slip past a limit between a read and a write.
 */
export interface AttemptStore {
  /** Counts one attempt in the fixed window of `key`; the count so far and the time until the window ends. */
  countInWindow(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /**
   * Admits an attempt unless `key` is locked. An admitted attempt counts as a failure until `clear`
   * is called (so guesses sent in parallel are all counted), and the one that reaches the policy's
   * threshold locks the key for the next.
   */
  admit(key: string, policy: LockoutPolicy): Promise<Admission>;
  /** Forgets the failures and the lock of `key` (after a successful sign-in). */
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** The lock after the `failures`-th failure: none below the threshold, then base, 2×base, 4×base … capped. */
export function lockDurationMs(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.baseMs * 2 ** Math.min(failures - policy.threshold, 30), policy.maxMs);
}
