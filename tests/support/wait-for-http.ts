import type { ServiceProcess } from './service-process.ts';

/** Polls `url` until it answers `status`; fails early if the service exits, and after `timeoutMs`. */
export async function waitForHttp(url: string, service: ServiceProcess, timeoutMs = 60_000, status = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${service.name} exited (code ${exitCode}) before ${url} was ready:\n${service.logTail()}`);
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === status) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready after ${timeoutMs} ms (${last}); ${service.name} printed:\n${service.logTail()}`);
}
