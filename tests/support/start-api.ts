import { freePort } from './free-port.ts';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';
import { waitForHttp } from './wait-for-http.ts';

export interface RunningApi {
  url: string;
  service: ServiceProcess;
}

/** Starts `node core/src/cli.ts dev` on a free port with its own data directory and waits for /readyz. */
export async function startApi(dataDir: string, timeoutMs = 90_000): Promise<RunningApi> {
  const port = await freePort();
  const { NODE_ENV: _testEnv, ...env } = process.env;
  const service = spawnService('api', process.execPath, ['core/src/cli.ts', 'dev'], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', MIRAI_DATA_DIR: dataDir },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/readyz`, service, timeoutMs);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { url, service };
}
