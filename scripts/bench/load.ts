// Load generation with autocannon's programmatic API, in this process.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** p99 of the response times autocannon measured, to the microsecond. */
  p99Ms: number;
  /** p99 of autocannon's own latency histogram, which records whole milliseconds only. */
  histogramP99Ms: number;
  requests: number;
}

/** Grows as needed; one slot per response. */
class Samples {
  #values = new Float64Array(1 << 16);
  #length = 0;

  add(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  /** Nearest-rank percentile, `p` in (0, 100]. */
  percentile(p: number): number {
    if (this.#length === 0) return Number.NaN;
    const sorted = this.#values.subarray(0, this.#length).sort();
    return sorted[Math.min(this.#length, Math.ceil((p / 100) * this.#length)) - 1] ?? Number.NaN;
  }
}

/**
 * Runs one load round. Every response must be a 2xx and no connection may fail: a round that
 * measured errors (a 401, a 429, a reset) would measure the wrong thing, so it fails the bench.
 *
 * autocannon's latency histogram truncates to whole milliseconds, which makes a sub-millisecond
 * baseline read as 0 or 1 ms; the p99 is therefore taken from the per-response times autocannon
 * reports (the values it feeds that histogram), kept here at full resolution.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples = new Samples();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, headers: options.headers ?? {}, connections: options.connections, duration: options.durationSeconds },
      (error: unknown, result) => {
        if (error !== null && error !== undefined) return reject(error instanceof Error ? error : new Error(String(error)));
        if (result.errors > 0 || result.non2xx > 0) {
          const codes = Object.entries(result.statusCodeStats ?? {})
            .map(([code, stat]) => `${code}×${stat.count ?? '?'}`)
            .join(', ');
          return reject(
            new Error(
              `${options.url}: ${result.non2xx} non-2xx responses and ${result.errors} connection errors (${result.timeouts} timeouts); status codes: ${codes}`,
            ),
          );
        }
        if (result.requests.total === 0) return reject(new Error(`${options.url}: no request completed`));
        resolve({
          requestsPerSecond: result.requests.total / result.duration,
          p99Ms: samples.percentile(99),
          histogramP99Ms: result.latency.p99,
          requests: result.requests.total,
        });
      },
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => samples.add(responseTime));
  });
}
