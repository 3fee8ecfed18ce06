import path from 'node:path';
import { inject } from 'vitest';
import { freePort } from './free-port.ts';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';
import { waitForHttp } from './wait-for-http.ts';

const appDir = path.join(repoRoot, 'app');

export interface RunningApp {
  url: string;
  service: ServiceProcess;
  /** Stops the server. */
  stop(): Promise<void>;
}

/**
 * Serves the production build made once for this run (tests/support/app-build.global-setup.ts)
 * with the app's production server (app/server.ts) on a free port, talking to the API at `apiUrl`.
 */
export async function startApp(options: {
  dataDir: string;
  apiUrl: string;
  timeoutMs?: number;
  port?: number;
  env?: Record<string, string>;
}): Promise<RunningApp> {
  const buildDir = inject('appBuildDir');
  const { NODE_ENV: _testEnv, ...baseEnv } = process.env;
  const env = { ...baseEnv, MIRAI_API_URL: options.apiUrl, MIRAI_DATA_DIR: options.dataDir, MIRAI_APP_BUILD_DIR: buildDir, ...options.env };

  // A port chosen in advance lets the API list the app's origin for CORS (browser uploads).
  const port = options.port ?? (await freePort());
  const service = spawnService('app', process.execPath, [path.join(appDir, 'server.ts'), path.join(buildDir, 'server/index.js')], {
    cwd: appDir,
    env: { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/`, service, options.timeoutMs ?? 60_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  const stop = () => service.stop();
  return { url, service, stop };
}
