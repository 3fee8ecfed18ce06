// `pnpm bench startup`: how long the embedded API (`mirai dev`, PGlite) takes from spawn to its
// first 200 from /readyz on an existing data directory (migrated, with a user and courses), next
// to a bare Fastify server's start to its first answer. Rounds alternate bare, API, bare, …; the
// medians are reported, with the CPU seconds each process had used by the time it answered.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, num, ratio, table } from './format.ts';
import { freePort, requestJson, waitForHttp } from './http.ts';
import { cleanup, installSignalHandlers, isInterrupted, onCleanup } from './lifecycle.ts';
import { startService } from './process.ts';
import { processCpuSeconds } from './process-cpu.ts';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_DIR, 'core', 'src', 'cli.ts');
const BARE_SERVER = join(REPO_DIR, 'scripts', 'bench', 'bare-server.ts');
// Generous: the first boot migrates a fresh database, which takes minutes on a loaded machine.
const READY_TIMEOUT_MS = 600_000;
const POLL_MS = 10;
const COURSES = 5;

export const USAGE = `Usage: pnpm bench startup [options]

Seconds from spawning the embedded API (\`mirai dev\`, PGlite) on an existing data directory to
its first 200 from /readyz, next to a bare Fastify 5 server's start to its first answer.

Options:
  --rounds <n>  restarts of each, interleaved; the median is reported (default 5)
  -h, --help    this text`;

interface Start {
  seconds: number;
  /** CPU seconds (user + system) the process had used when it first answered; null off Linux. */
  cpuSeconds: number | null;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

/** Spawns `args` with `env`, polls `path` until it answers 200, stops the process; the time and CPU it took. */
async function timeStart(name: string, args: string[], env: Record<string, string | undefined>, path: string): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const service = startService(name, process.execPath, args, { PORT: String(port), HOST: '127.0.0.1', ...env }, REPO_DIR);
  try {
    await waitForHttp(`http://127.0.0.1:${port}${path}`, service, READY_TIMEOUT_MS, POLL_MS);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, cpuSeconds: processCpuSeconds(service.pid) };
  } finally {
    await service.stop();
  }
}

function apiEnv(dataDir: string): Record<string, string | undefined> {
  return { LOG_LEVEL: 'warn', MIRAI_DATA_DIR: dataDir, DATABASE_URL: undefined, MIRAI_SECRET_KEY: undefined };
}

/** First boot on a fresh directory: migrations, then a user and a few courses, as a real data directory has. */
async function prepareDataDirectory(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const service = startService(
    'API (first boot)',
    process.execPath,
    [CLI, 'dev'],
    { PORT: String(port), HOST: '127.0.0.1', ...apiEnv(dataDir) },
    REPO_DIR,
  );
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/readyz`, service, READY_TIMEOUT_MS, POLL_MS);
    const seconds = (performance.now() - started) / 1000;
    const signup = await requestJson(
      `${baseUrl}/v1/auth/signup`,
      { method: 'POST', body: { email: 'bench@example.com', password: 'correct horse battery', tenantName: 'Bench' } },
      201,
    );
    const token = typeof signup === 'object' && signup !== null && 'token' in signup ? signup.token : undefined;
    if (typeof token !== 'string') throw new Error(`POST /v1/auth/signup answered without a token: ${JSON.stringify(signup)}`);
    for (let index = 1; index <= COURSES; index++)
      await requestJson(
        `${baseUrl}/v1/courses`,
        { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { title: `Bench course ${index}`, desiredOutcome: 'Lift safely' } },
        201,
      );
    return seconds;
  } finally {
    await service.stop();
  }
}

function describe(starts: Start[]): string[] {
  const cpu = starts.flatMap((start) => (start.cpuSeconds === null ? [] : [start.cpuSeconds]));
  return [
    num(median(starts.map((start) => start.seconds)), 2),
    starts.map((start) => num(start.seconds, 2)).join(' '),
    cpu.length === 0 ? '?' : num(median(cpu), 2),
  ];
}

async function benchmark(rounds: number): Promise<void> {
  const cpuList = cpus();
  out('bench startup: embedded API (`mirai dev`, PGlite) on an existing data directory to /readyz, vs a bare Fastify start');
  out(
    `machine: ${cpuList.length} cpus (available parallelism ${availableParallelism()}), ${cpuList[0]?.model.trim() ?? 'unknown cpu'}, ` +
      `node ${process.version}, load average ${loadavg()
        .map((load) => num(load, 2))
        .join(' ')}; date: ${new Date().toISOString()}`,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'mirai-bench-startup-'));
  onCleanup(() => rm(dataDir, { recursive: true, force: true }));
  out(`first boot (fresh directory, migrations) ready in ${num(await prepareDataDirectory(dataDir), 2)} s; user and ${COURSES} courses created`);

  const bare: Start[] = [];
  const api: Start[] = [];
  for (let round = 1; round <= rounds; round++) {
    bare.push(await timeStart('bare Fastify server', [BARE_SERVER], {}, '/bare'));
    api.push(await timeStart(`API (restart ${round})`, [CLI, 'dev'], apiEnv(dataDir), '/readyz'));
    const last = (starts: Start[]) => starts.at(-1);
    out(`  round ${round}/${rounds}: bare ${num(last(bare)?.seconds ?? Number.NaN, 2)} s | API ${num(last(api)?.seconds ?? Number.NaN, 2)} s`);
  }
  out();
  out(
    table(
      ['target', 's to first 200 (median)', 's per round', 'CPU s (median)'],
      [
        ['bare Fastify', ...describe(bare)],
        ['API /readyz', ...describe(api)],
      ],
    ),
  );
  const apiSeconds = median(api.map((start) => start.seconds));
  const bareSeconds = median(bare.map((start) => start.seconds));
  const apiCpu = median(api.flatMap((start) => (start.cpuSeconds === null ? [] : [start.cpuSeconds])));
  const bareCpu = median(bare.flatMap((start) => (start.cpuSeconds === null ? [] : [start.cpuSeconds])));
  out(
    `embedded cold start to /readyz: ${num(apiSeconds, 2)} s = ${ratio(apiSeconds / bareSeconds)}× a bare Fastify start ` +
      `(CPU ${num(apiCpu, 2)} s = ${ratio(apiCpu / bareCpu)}× bare); load average now ${num(loadavg()[0] ?? Number.NaN, 2)}`,
  );
}

/** Runs the startup bench; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let rounds: number;
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help === true) {
      out(USAGE);
      return 0;
    }
    rounds = Number(values.rounds ?? '5');
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got "${values.rounds}"`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  installSignalHandlers();
  try {
    await benchmark(rounds);
    return 0;
  } catch (error) {
    if (isInterrupted()) return 130;
    process.stderr.write(`bench startup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}
