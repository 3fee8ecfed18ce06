/**
 * Cuts text into pieces of about `size` characters, breaking after whitespace so words stay
 * whole. Joining the pieces gives the text back exactly.
 */
export function splitForStreaming(text: string, size = 40): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const boundary = text.slice(end).search(/\s/);
      end = boundary === -1 ? text.length : end + boundary + 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * Waits `ms` milliseconds (0: one turn of the event loop, so other work and abort handlers
 * run). Rejects with the signal's reason as soon as it aborts.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clear();
      reject(signal?.reason);
    };
    const timer = ms > 0 ? setTimeout(done, ms) : undefined;
    const immediate = ms > 0 ? undefined : setImmediate(done);
    function clear() {
      if (timer !== undefined) clearTimeout(timer);
      if (immediate !== undefined) clearImmediate(immediate);
      signal?.removeEventListener('abort', onAbort);
    }
    function done() {
      clear();
      resolve();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How often a stream without a delay hands the event loop back: after this much work, not after
 * every piece. A turn per piece costs more than writing the piece (in a sandbox, where a turn is
 * dearer, several times more), and a lesson is written in about a millisecond, so cancellation
 * still lands within a few milliseconds.
 */
export const TURN_EVERY_MS = 4;

/** Whether `TURN_EVERY_MS` has passed since `since` (a `performance.now()` reading). */
export function turnDue(since: number): boolean {
  return performance.now() - since >= TURN_EVERY_MS;
}
