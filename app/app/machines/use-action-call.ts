import { useFetcher } from '@remix-run/react';
import { useCallback, useEffect, useRef } from 'react';

type Answer = { ok: true } | { ok: false; error: string };

/**
 * Turns a Remix fetcher into a promise, so a state machine's actors can call the route's action
 * (the only way this app reaches the API) and get the answer back: resolves with the action's data
 * when it says ok, rejects with its message otherwise. One call at a time.
 */
export function useActionCall<T extends Answer>(action: string): (form: FormData) => Promise<Extract<T, { ok: true }>> {
  const fetcher = useFetcher<T>();
  const pending = useRef<{ resolve: (value: Extract<T, { ok: true }>) => void; reject: (error: Error) => void } | null>(null);
  const submitted = useRef(false);

  useEffect(() => {
    if (fetcher.state !== 'idle') {
      submitted.current = true;
      return;
    }
    const waiting = pending.current;
    if (waiting === null || !submitted.current) return;
    pending.current = null;
    submitted.current = false;
    const data = fetcher.data as T | undefined;
    if (data === undefined) waiting.reject(new Error('The server did not answer. Check your connection and try again.'));
    else if (data.ok) waiting.resolve(data as Extract<T, { ok: true }>);
    else waiting.reject(new Error(data.error));
  }, [fetcher.state, fetcher.data]);

  const submit = fetcher.submit;
  return useCallback(
    (form: FormData) =>
      new Promise<Extract<T, { ok: true }>>((resolve, reject) => {
        pending.current?.reject(new Error('Superseded by a newer request.'));
        pending.current = { resolve, reject };
        submitted.current = false;
        submit(form, { method: 'post', action, encType: 'multipart/form-data' });
      }),
    [submit, action],
  );
}
