import { createHash } from 'node:crypto';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { AttemptStore, LockoutPolicy } from './attempt-store.ts';

const MINUTE_MS = 60_000;

export interface SignInThrottleOptions {
  /** Sign-in, sign-up and verification-mail requests per client address per minute. */
  perClientPerMinute: number;
  lockout: LockoutPolicy;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
/** Keys never hold an address in clear (Redis may be shared with other tooling). */
const accountKey = (email: string) => `account:${createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')}`;

/**
 * Two limits on password sign-in. Per client address: a fixed number of attempts per minute
 * (also for sign-up and resending verification mail). Per account: progressive lockout, so
 * guessing one user's password from many addresses is slowed as much as from one. Both count in
 * the same store, shared by all replicas in server mode. Errors carry `retryAfterSeconds`,
 * which the problem handler also sends as `Retry-After`.
 */
export class SignInThrottle {
  readonly #store: AttemptStore;
  readonly #options: SignInThrottleOptions;

  constructor(store: AttemptStore, options: SignInThrottleOptions) {
    this.#store = store;
    this.#options = options;
  }

  async admitClient(address: string): Promise<void> {
    const { count, resetInMs } = await this.#store.countInWindow(`client:${address}`, MINUTE_MS);
    if (count > this.#options.perClientPerMinute)
      throw new MiraiError('MIRAI_ERR_REQUEST_RATE_LIMITED', `Too many attempts from this address; retry in ${seconds(resetInMs)} s`, {
        extensions: { retryAfterSeconds: seconds(resetInMs) },
      });
  }

  /** Admits a password attempt for `email`, counted as failed until `succeeded`. */
  async admitAccount(email: string): Promise<void> {
    const admission = await this.#store.admit(accountKey(email), this.#options.lockout);
    if (!admission.admitted)
      throw new MiraiError(
        'MIRAI_ERR_AUTH_LOCKED',
        `Too many failed sign-ins for this account; retry in ${seconds(admission.retryInMs)} s (each further failure doubles the wait)`,
        { extensions: { retryAfterSeconds: seconds(admission.retryInMs) } },
      );
  }

  async succeeded(email: string): Promise<void> {
    await this.#store.clear(accountKey(email));
  }

  close(): Promise<void> {
    return this.#store.close();
  }
}
