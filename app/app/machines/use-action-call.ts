import { useFetcher } from '@remix-run/react';
import { useCallback, useEffect, useRef } from 'react';

type Answer = { ok: true } | { ok: false; error: string };

/** Where a call stands, from what the fetcher shows now. */
export interface CallProgress<T> {
  /** The fetcher's state now. */
  state: 'idle' | 'loading' | 'submitting';
  /** The fetcher's data now. */
  data: T | undefined;
  /** The fetcher's data when the call was submitted. */
  before: T | undefined;
  /** A render with the fetcher busy was seen since the call was submitted. */
  seenBusy: boolean;
}

/**
 * The call's answer once it has one, or null while it is still under way. A call is over when the
 * fetcher is idle again after being seen busy, or idle with new data: React may render a
 * transition's updates together (Remix routes its state through `startTransition`), so on a busy
 * device the busy render can be skipped and the answer arrive in the first render after the submit.
 */
export function callOutcome<T extends Answer>(progress: CallProgress<T>): { answer: T } | { lost: true } | null {
  if (progress.state !== 'idle') return null;
  if (progress.data !== progress.before && progress.data !== undefined) return { answer: progress.data };
  if (!progress.seenBusy) return null;
  return progress.data === undefined ? { lost: true } : { answer: progress.data };
}

/**
 * Turns a Remix fetcher into a promise, so a state machine's actors can call the route's action
 * (the only way this app reaches the API) and get the answer back: resolves with the action's data
 * when it says ok, rejects with its message otherwise. One call at a time.
 */
export function useActionCall<T extends Answer>(action: string): (form: FormData) => Promise<Extract<T, { ok: true }>> {
  const fetcher = useFetcher<T>();
  const pending = useRef<{ resolve: (value: Extract<T, { ok: true }>) => void; reject: (error: Error) => void } | null>(null);
  const seenBusy = useRef(false);
  const latestData = useRef<T | undefined>(undefined);
  latestData.current = fetcher.data as T | undefined;
  const before = useRef<T | undefined>(undefined);

  useEffect(() => {
    if (fetcher.state !== 'idle') seenBusy.current = true;
    const waiting = pending.current;
    if (waiting === null) return;
    const outcome = callOutcome<T>({
      state: fetcher.state,
      data: fetcher.data as T | undefined,
      before: before.current,
      seenBusy: seenBusy.current,
    });
    if (outcome === null) return;
    pending.current = null;
    seenBusy.current = false;
    if ('lost' in outcome) waiting.reject(new Error('The server did not answer. Check your connection and try again.'));
    else if (outcome.answer.ok) waiting.resolve(outcome.answer as Extract<T, { ok: true }>);
    else waiting.reject(new Error(outcome.answer.error));
  }, [fetcher.state, fetcher.data]);

  const submit = fetcher.submit;
  return useCallback(
    (form: FormData) =>
      new Promise<Extract<T, { ok: true }>>((resolve, reject) => {
        pending.current?.reject(new Error('Superseded by a newer request.'));
        pending.current = { resolve, reject };
        seenBusy.current = false;
        before.current = latestData.current;
        submit(form, { method: 'post', action, encType: 'multipart/form-data' });
      }),
    [submit, action],
  );
}
