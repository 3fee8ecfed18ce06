import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.ts';
import { type RunningApi, startApi } from './start-api.ts';

const run = promisify(execFile);

/** API processes (`mirai start`) and worker processes (`mirai worker`) sharing one database and one Redis. */
export interface ScaleOutCluster {
  apis: RunningApi[];
  workers: RunningApi[];
  stop(): Promise<void>;
}

/** Applies the migrations once, as the deployment's migration Job does before the processes start. */
export async function migrate(env: Record<string, string>): Promise<void> {
  await run(process.execPath, [join(repoRoot, 'core', 'src', 'cli.ts'), 'migrate'], { env: { ...process.env, ...env } });
}

/** Starts every process at once and waits until each answers /readyz; logs go to test-artifacts/logs/<name>-*.log. */
export async function startCluster(
  name: string,
  counts: { apis: number; workers: number },
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ScaleOutCluster> {
  const dataDir = env.MIRAI_DATA_DIR ?? '';
  const starting = [
    ...Array.from({ length: counts.apis }, (_, i) => startApi(dataDir, timeoutMs, { name: `${name}-api-${i}`, command: 'start', env })),
    ...Array.from({ length: counts.workers }, (_, i) => startApi(dataDir, timeoutMs, { name: `${name}-worker-${i}`, command: 'worker', env })),
  ];
  const settled = await Promise.allSettled(starting);
  const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(started.map((process) => process.stop()));
  };
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await stop();
    throw failure.reason;
  }
  return { apis: started.slice(0, counts.apis), workers: started.slice(counts.apis), stop };
}

/** SIGKILL, like a node losing power: no shutdown hook runs. Resolves once the process is gone. */
export async function killHard(target: RunningApi): Promise<void> {
  const pid = target.service.child.pid;
  if (pid === undefined) throw new Error(`${target.service.name} has no pid`);
  // The service leads its own process group (spawned detached): take the whole group down.
  process.kill(-pid, 'SIGKILL');
  await target.service.exited;
}

/** When a worker's recovery sweep first re-sent running jobs at or after `since` (epoch ms, from its JSON log), or null. */
export function firstSweepResume(worker: RunningApi, since: number): number | null {
  for (const line of readFileSync(worker.service.logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { time?: number; resumed?: unknown[] };
    if (typeof entry.time === 'number' && entry.time >= since && Array.isArray(entry.resumed) && entry.resumed.length > 0) return entry.time;
  }
  return null;
}
