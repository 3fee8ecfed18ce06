import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';
import { waitForHttp } from './wait-for-http.ts';

const run = promisify(execFile);
const appDir = path.join(repoRoot, 'app');

export interface RunningApp {
  url: string;
  service: ServiceProcess;
  /** Stops the server and removes its build. */
  stop(): Promise<void>;
}

/**
 * Builds the Remix app into a fresh `app/.cache/browser-test-*` (inside app/ so the server bundle
 * resolves the app's node_modules; never the developer's build/) and serves it with remix-serve in
 * production mode on a free port, talking to the API at `apiUrl`.
 */
export async function startApp(options: { dataDir: string; apiUrl: string; timeoutMs?: number }): Promise<RunningApp> {
  mkdirSync(path.join(appDir, '.cache'), { recursive: true });
  const buildDir = mkdtempSync(path.join(appDir, '.cache', 'browser-test-'));
  const removeBuild = () => rmSync(buildDir, { recursive: true, force: true });
  const { NODE_ENV: _testEnv, ...baseEnv } = process.env;
  const env = { ...baseEnv, MIRAI_API_URL: options.apiUrl, MIRAI_DATA_DIR: options.dataDir, MIRAI_APP_BUILD_DIR: buildDir };

  // The .bin entries are shell shims; run the JS entry points with this Node directly instead.
  try {
    await run(process.execPath, [path.join(appDir, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
      cwd: appDir,
      env: { ...env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    removeBuild();
    throw error;
  }

  const port = await freePort();
  const service = spawnService(
    'app',
    process.execPath,
    [path.join(appDir, 'node_modules/@remix-run/serve/dist/cli.js'), path.join(buildDir, 'server/index.js')],
    { cwd: appDir, env: { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1' } },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/`, service, options.timeoutMs ?? 60_000);
  } catch (error) {
    await service.stop();
    removeBuild();
    throw error;
  }
  const stop = async () => {
    await service.stop();
    removeBuild();
  };
  return { url, service, stop };
}
