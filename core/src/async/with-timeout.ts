/**
 * Rejects if `work` has not settled within `ms`, with `reason` (a message, or a factory for a coded
 * error). The work itself is not cancelled.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, reason: string | (() => Error)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(typeof reason === 'string' ? new Error(reason) : reason()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
