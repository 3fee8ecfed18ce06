// Free ports, readiness polling and small JSON requests against the servers under test.
import { createServer } from 'node:net';
import type { Service } from './process.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}

function describeExit(service: Service, status: string): Error {
  const output = service.output();
  return new Error(`${service.name} exited (${status}) before it was ready${output === '' ? '' : `; its last output:\n${output}`}`);
}

/** Polls `url` every `pollMs` until it answers 200; fails early if `service` exits, or after `timeoutMs`. */
export async function waitForHttp(url: string, service: Service, timeoutMs: number, pollMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const status = service.exitStatus();
    if (status !== null) throw describeExit(service, status);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const output = service.output();
  throw new Error(`${service.name}: ${url} not ready after ${timeoutMs / 1000} s (${last})${output === '' ? '' : `; its last output:\n${output}`}`);
}

/** A JSON request that must answer `expectStatus`; returns the parsed body. */
export async function requestJson(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> },
  expectStatus: number,
): Promise<unknown> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== expectStatus)
    throw new Error(`${init.method ?? 'GET'} ${url}: expected HTTP ${expectStatus}, got ${response.status}: ${text}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}
