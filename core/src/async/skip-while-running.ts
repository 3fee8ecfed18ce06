/**
 * Wraps a periodic task so a call made while the previous one is still running does nothing: on a
 * slow machine or against a slow remote, overlapping runs of a background tick would take the same
 * pending rows and spend their retries at once. The returned promise is the running call's.
 */
export function skipWhileRunning(task: () => Promise<unknown>): () => Promise<unknown> {
  let running: Promise<unknown> | null = null;
  return () => {
    if (running !== null) return running;
    const current = task().finally(() => {
      running = null;
    });
    running = current;
    return current;
  };
}
