/**
 * Delay before attempt `attempt + 1`: exponential from `baseMs`, capped, with "equal jitter" (half
 * fixed, half random) so jobs that failed together (a provider outage) do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
