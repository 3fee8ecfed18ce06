import type { GenerationMeta, TextStreamEvent } from '@mirai/sdk-plugin';
import { abortReason, type RetryOptions, type RetryVerdict, retryDelay, sleep } from './retry-policy.ts';

/**
 * Yields the text deltas of `open`, retrying a failed attempt only while it has yielded nothing:
 * a retry after text went out would repeat it, so a failure mid-stream is final. The signal given to
 * `open` also aborts when the consumer stops reading early, so the upstream request is closed.
 * A failure comes out as the `error` its classification names; an abort as the caller's reason.
 */
export async function* streamWithRetries(
  open: (signal: AbortSignal) => AsyncIterable<string>,
  classify: (error: unknown) => RetryVerdict & { error: unknown },
  options: RetryOptions,
): AsyncGenerator<string> {
  const caller = options.signal;
  caller?.throwIfAborted();
  const local = new AbortController();
  const signal = caller === undefined ? local.signal : AbortSignal.any([caller, local.signal]);
  try {
    for (let retry = 0; ; retry++) {
      let yielded = false;
      try {
        for await (const delta of open(signal)) {
          if (signal.aborted) throw abortReason(signal);
          if (delta === '') continue;
          yielded = true;
          yield delta;
        }
        return;
      } catch (error) {
        if (caller?.aborted === true) throw abortReason(caller);
        const failure = classify(error);
        const delayMs = yielded ? null : retryDelay(retry, failure, options.maxRetries, options);
        if (delayMs === null) {
          options.onGiveUp?.(error);
          throw failure.error;
        }
        options.onRetry?.({ retry: retry + 1, delayMs, error });
        await sleep(delayMs, caller);
      }
    }
  } finally {
    local.abort();
  }
}

/** The SDK's stream events for `deltas`: each as a `delta`, then one `done` with the whole text and `meta()` read at the end. */
export async function* textStreamEvents(deltas: AsyncIterable<string>, meta: () => GenerationMeta): AsyncGenerator<TextStreamEvent> {
  let text = '';
  for await (const delta of deltas) {
    text += delta;
    yield { type: 'delta', text: delta };
  }
  yield { type: 'done', text, ...meta() };
}
