import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';

/** Variables the runtime must run without: it is started with none of them, as its pod is. */
const WITHHELD = ['DATABASE_URL', 'REDIS_URL', 'MIRAI_SECRET_KEY', 'MIRAI_TEST_DATABASE_URL', 'MIRAI_TEST_REDIS_URL'];

/** Resolves once the runtime logged that it listens; rejects if it exits first. */
async function untilReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  for (;;) {
    const log = (() => {
      try {
        return readFileSync(service.logFile, 'utf8');
      } catch {
        return '';
      }
    })();
    if (log.includes('Mirai plugin runtime ready')) return;
    if (exited || Date.now() > deadline) throw new Error(`plugin runtime did not start:\n${service.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `mirai plugin-runtime` as a real process on `port`, with only its own variables. */
export async function startPluginRuntime(name: string, port: number, token: string, timeoutMs = 30_000): Promise<ServiceProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !WITHHELD.includes(key) && key !== 'NODE_ENV'));
  const service = spawnService(name, process.execPath, [path.join(repoRoot, 'core/src/cli.ts'), 'plugin-runtime'], {
    cwd: repoRoot,
    env: { ...env, HOST: '127.0.0.1', MIRAI_PLUGIN_RUNTIME_URL: `tcp://127.0.0.1:${port}`, MIRAI_PLUGIN_RUNTIME_TOKEN: token, LOG_LEVEL: 'info' },
  });
  try {
    await untilReady(service, timeoutMs);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
