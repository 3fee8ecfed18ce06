/** How a failed attempt may be retried. */
export interface RetryVerdict {
  retryable: boolean;
  /** The delay the upstream asked for (e.g. Gemini's `RetryInfo.retryDelay`), in milliseconds. */
  retryAfterMs?: number;
}

export interface BackoffOptions {
  /** Delay before the first retry; doubles on each further retry. */
  baseDelayMs: number;
  /** Cap on any delay. An upstream asking for a longer wait ends the retries instead. */
  maxDelayMs: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
}

export interface RetryOptions extends BackoffOptions {
  maxRetries: number;
  signal?: AbortSignal;
  onRetry?: (info: { retry: number; delayMs: number; error: unknown }) => void;
  /** Called once with the failure that ends the call (not for an abort): the place to log what the upstream said. */
  onGiveUp?: (error: unknown) => void;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The delay before retry number `retry` (0 for the first retry), or `null` to give up.
 * Exponential back-off with "equal jitter" (half fixed, half random); an upstream's own
 * retry delay wins when it is longer.
 */
export function retryDelay(retry: number, verdict: RetryVerdict, maxRetries: number, options: BackoffOptions): number | null {
  if (!verdict.retryable || retry >= maxRetries) return null;
  if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > options.maxDelayMs) return null;
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  const jittered = exponential / 2 + (exponential / 2) * (options.random ?? Math.random)();
  return Math.round(Math.max(jittered, verdict.retryAfterMs ?? 0));
}

/** The reason an aborted signal carries, as something throwable. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal === undefined ? new Error('aborted') : abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `operation`, retrying failures `classify` deems retryable up to `maxRetries` times.
 * Rethrows the last error unchanged; an abort stops waiting at once and rethrows the abort reason.
 */
export async function withRetries<T>(operation: () => Promise<T>, classify: (error: unknown) => RetryVerdict, options: RetryOptions): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await operation();
    } catch (error) {
      if (options.signal?.aborted === true) throw abortReason(options.signal);
      const delayMs = retryDelay(retry, classify(error), options.maxRetries, options);
      if (delayMs === null) {
        options.onGiveUp?.(error);
        throw error;
      }
      options.onRetry?.({ retry: retry + 1, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
