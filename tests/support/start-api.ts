import path from 'node:path';
import { seedMigratedDataDir } from '@mirai/core/testing';
import { freePort } from './free-port.ts';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';
import { waitForHttp } from './wait-for-http.ts';

export interface RunningApi {
  url: string;
  service: ServiceProcess;
  stop(): Promise<void>;
}

export interface StartApiOptions {
  /** Extra environment, e.g. DATABASE_URL for server mode or MIRAI_PLUGIN_PATHS. */
  env?: Record<string, string>;
  /** Working directory; installed npm plugins are discovered in its node_modules. */
  cwd?: string;
  /** Names the log file under test-artifacts/logs/. */
  name?: string;
  /** `dev` (API and jobs, migrates), `start` (API only in server mode) or `worker` (jobs only). */
  command?: 'dev' | 'start' | 'worker';
  /** Further arguments after the command, e.g. `--plugin <dir>` for `dev`. */
  args?: string[];
  /**
   * Start the embedded database from nothing (initdb, every migration), as a first run on a new
   * machine does. By default a data directory without a database gets a migrated copy, which is
   * seconds cheaper per start; with DATABASE_URL in `env` nothing is seeded.
   */
  emptyDatabase?: boolean;
  /** The port to listen on, when the caller must know the URL before the API is up; a free one by default. */
  port?: number;
}

/** Starts `node core/src/cli.ts dev` on a free port with its own data directory and waits for /readyz. */
export async function startApi(dataDir: string, timeoutMs = 90_000, options: StartApiOptions = {}): Promise<RunningApi> {
  if (options.emptyDatabase !== true && options.env?.DATABASE_URL === undefined) await seedMigratedDataDir(dataDir);
  const port = options.port ?? (await freePort());
  const { NODE_ENV: _testEnv, ...env } = process.env;
  const service = spawnService(
    options.name ?? 'api',
    process.execPath,
    [path.join(repoRoot, 'core/src/cli.ts'), options.command ?? 'dev', ...(options.args ?? [])],
    {
      cwd: options.cwd ?? repoRoot,
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        // Replicas on one machine each need their own content origin port; 0 lets the system pick one.
        MIRAI_CONTENT_PORT: '0',
        MIRAI_DATA_DIR: dataDir,
        MIRAI_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ...options.env,
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/readyz`, service, timeoutMs);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { url, service, stop: () => service.stop() };
}
