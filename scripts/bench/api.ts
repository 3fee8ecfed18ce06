// `pnpm bench api`: what authenticated, tenant-scoped, database-backed reads (GET /v1/me and a
// list of 50 courses, GET /v1/courses) cost next to a bare Fastify route, with the embedded
// database (PGlite) and a PostgreSQL server, and how long the embedded API takes to be ready again
// on its existing data directory. Each server runs in its own child process; the load generator
// runs here. Rounds alternate bare, /v1/me, /v1/courses, bare, … and the medians are reported.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, type as osType, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBenchCommand, UsageError } from './bench-command.ts';
import { median, num, ratio, table } from './format.ts';
import { freePort, requestJson, waitForHttp } from './http.ts';
import { onCleanup } from './lifecycle.ts';
import { type LoadResult, runLoad } from './load.ts';
import { createScratchDatabase, redactUrl, type ScratchDatabase } from './postgres.ts';
import { type Service, startService } from './process.ts';
import { processCpuSeconds } from './process-cpu.ts';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_DIR, 'core', 'src', 'cli.ts');
const BARE_SERVER = join(REPO_DIR, 'scripts', 'bench', 'bare-server.ts');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
// Generous: on a shared, loaded machine a fresh embedded API can take minutes to migrate and start.
const READY_TIMEOUT_MS = 600_000;

const SIGNUP = { email: 'bench@example.com', password: 'correct horse battery', tenantName: 'Bench' };
const COURSES = 50;
const COLD_STARTS = 3;

export const USAGE = `Usage: pnpm bench api [options]

Requests/s and p99 latency of GET /v1/me (bearer token, tenant-scoped) and of
GET /v1/courses (the organisation's ${COURSES} courses) relative to a bare Fastify 5 route,
for the embedded database (PGlite) and a PostgreSQL server; then the embedded API's
cold start to /readyz on its existing data directory (${COLD_STARTS} restarts, median).

Options:
  --duration <s>        seconds measured per round (default 5)
  --warmup <s>          unmeasured seconds before every round (default 1)
  --rounds <n>          rounds per target and mode; the median is reported (default 5)
  --connections <n>     concurrent connections (default 16)
  --modes <list>        embedded, server or embedded,server (default both)
  --database-url <url>  PostgreSQL to create the scratch database through
                        (default $MIRAI_BENCH_DATABASE_URL or ${DEFAULT_DATABASE_URL})
  -h, --help            this text`;

interface Params {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  databaseUrl: string;
  modes: ReadonlySet<'embedded' | 'server'>;
}

/** A flag's number: positive (or zero when `allowZero`), an integer when `integer`. */
function numberFlag(name: string, raw: string | undefined, fallback: number, options: { integer?: boolean; allowZero?: boolean } = {}): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const valid = raw.trim() !== '' && Number.isFinite(value) && (options.allowZero === true ? value >= 0 : value > 0);
  if (!valid || (options.integer === true && !Number.isInteger(value)))
    throw new UsageError(
      `--${name} must be a ${options.allowZero === true ? 'non-negative' : 'positive'} ${options.integer === true ? 'integer' : 'number'}, got "${raw}"`,
    );
  return value;
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        rounds: { type: 'string' },
        connections: { type: 'string' },
        'database-url': { type: 'string' },
        modes: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function modesFlag(raw: string | undefined): ReadonlySet<'embedded' | 'server'> {
  if (raw === undefined) return new Set(['embedded', 'server']);
  const modes = new Set<'embedded' | 'server'>();
  for (const mode of raw.split(',').map((part) => part.trim()))
    if (mode === 'embedded' || mode === 'server') modes.add(mode);
    else throw new UsageError(`--modes takes embedded, server or both (comma-separated), got "${raw}"`);
  return modes;
}

function parseParams(argv: string[]): Params | 'help' {
  const flags = parseFlags(argv);
  if (flags.help === true) return 'help';
  return {
    durationSeconds: numberFlag('duration', flags.duration, 5),
    warmupSeconds: numberFlag('warmup', flags.warmup, 1, { allowZero: true }),
    rounds: numberFlag('rounds', flags.rounds, 5, { integer: true }),
    connections: numberFlag('connections', flags.connections, 16, { integer: true }),
    databaseUrl: flags['database-url'] ?? process.env.MIRAI_BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    modes: modesFlag(flags.modes),
  };
}

interface Target {
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** The serving process, whose CPU time per request is measured. */
  pid: number | undefined;
}

interface Round extends LoadResult {
  /** CPU time the serving process spent per request (µs); null where /proc is unavailable. */
  cpuUsPerRequest: number | null;
}

interface TargetResult {
  label: string;
  rounds: Round[];
}

interface ModeResult {
  mode: 'embedded' | 'server';
  description: string;
  bare: TargetResult;
  routes: TargetResult[];
  /** Embedded only: seconds from spawning `mirai dev` on the existing data directory to /readyz. */
  coldStarts: number[];
}

const out = (line = '') => process.stdout.write(`${line}\n`);

async function startBareServer(): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const service = startService('bare Fastify server', process.execPath, [BARE_SERVER], { PORT: String(port), HOST: '127.0.0.1' }, REPO_DIR);
  const url = `http://127.0.0.1:${port}/bare`;
  await waitForHttp(url, service, 30_000);
  return { service, url };
}

async function startApi(
  name: string,
  env: Record<string, string | undefined>,
  existingDataDir?: string,
): Promise<{ service: Service; baseUrl: string; dataDir: string; readySeconds: number }> {
  const port = await freePort();
  const dataDir = existingDataDir ?? (await mkdtemp(join(tmpdir(), 'mirai-bench-')));
  if (existingDataDir === undefined) onCleanup(() => rm(dataDir, { recursive: true, force: true }));
  const service = startService(
    name,
    process.execPath,
    [CLI, 'dev'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MIRAI_DATA_DIR: dataDir,
      MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    REPO_DIR,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // Polled often: the restarts' time to ready is one of the figures.
  await waitForHttp(`${baseUrl}/readyz`, service, READY_TIMEOUT_MS, 20);
  const readySeconds = (performance.now() - started) / 1000;
  out(`  ${name} ready in ${num(readySeconds, 2)} s`);
  return { service, baseUrl, dataDir, readySeconds };
}

/** Signs up the bench user and checks that the token reads /v1/me; returns the bearer token. */
async function signUp(baseUrl: string): Promise<string> {
  const body = await requestJson(`${baseUrl}/v1/auth/signup`, { method: 'POST', body: SIGNUP }, 201);
  const token = typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
  if (typeof token !== 'string' || token === '') throw new Error(`POST /v1/auth/signup answered without a token: ${JSON.stringify(body)}`);
  const me = await requestJson(`${baseUrl}/v1/me`, { headers: { authorization: `Bearer ${token}` } }, 200);
  if (!JSON.stringify(me).includes(SIGNUP.email)) throw new Error(`GET /v1/me does not name the bench user: ${JSON.stringify(me)}`);
  return token;
}

/** The whole list in one page: the list's default page (20) is smaller than the bench's courses. */
const LIST_PATH = `/v1/courses?limit=${COURSES}`;

/** Creates the courses GET /v1/courses lists, through the public API. */
async function createCourses(baseUrl: string, token: string): Promise<void> {
  for (let index = 1; index <= COURSES; index++)
    await requestJson(
      `${baseUrl}/v1/courses`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: { title: `Bench course ${index}`, desiredOutcome: 'Lift safely' } },
      201,
    );
  const listed = await requestJson(`${baseUrl}${LIST_PATH}`, { headers: { authorization: `Bearer ${token}` } }, 200);
  const count = typeof listed === 'object' && listed !== null && 'items' in listed && Array.isArray(listed.items) ? listed.items.length : -1;
  if (count !== COURSES) throw new Error(`GET /v1/courses listed ${count} courses, expected ${COURSES}`);
}

async function measure(params: Params, modeLabel: string, targets: Target[]): Promise<TargetResult[]> {
  const results: TargetResult[] = targets.map((target) => ({ label: target.label, rounds: [] }));
  for (let round = 1; round <= params.rounds; round++) {
    const line: string[] = [];
    for (const [index, target] of targets.entries()) {
      const load = { url: target.url, headers: target.headers ?? {}, connections: params.connections };
      if (params.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: params.warmupSeconds });
      const cpuBefore = processCpuSeconds(target.pid);
      const measured = await runLoad({ ...load, durationSeconds: params.durationSeconds });
      const cpuAfter = processCpuSeconds(target.pid);
      const cpuUsPerRequest = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1e6) / measured.requests;
      results[index]?.rounds.push({ ...measured, cpuUsPerRequest });
      line.push(
        `${target.label} ${num(measured.requestsPerSecond)} req/s, p99 ${num(measured.p99Ms, 2)} ms, ${cpuUsPerRequest === null ? '?' : num(cpuUsPerRequest)} µs CPU/req`,
      );
    }
    out(`  ${modeLabel} round ${round}/${params.rounds}: ${line.join(' | ')}`);
  }
  return results;
}

function summary(result: TargetResult): { rps: number; p99: number; cpu: number | null } {
  const cpu = result.rounds.flatMap((r) => (r.cpuUsPerRequest === null ? [] : [r.cpuUsPerRequest]));
  return {
    rps: median(result.rounds.map((r) => r.requestsPerSecond)),
    p99: median(result.rounds.map((r) => r.p99Ms)),
    cpu: cpu.length === 0 ? null : median(cpu),
  };
}

function ratioLines(result: ModeResult): string[] {
  const bare = summary(result.bare);
  const lines = result.routes.map((route) => {
    const measured = summary(route);
    const cpu =
      measured.cpu === null || bare.cpu === null
        ? ''
        : `, CPU/request ${ratio(measured.cpu / bare.cpu)}× bare (${ratio(bare.cpu / measured.cpu)}× its req/s per core)`;
    return `${result.mode}: ${route.label} = ${ratio(measured.rps / bare.rps)}× bare req/s, p99 ${ratio(measured.p99 / bare.p99)}× bare${cpu}`;
  });
  if (result.coldStarts.length > 0)
    lines.push(
      `${result.mode}: cold start to /readyz on the existing data directory ${num(median(result.coldStarts), 2)} s (median of ${result.coldStarts.length}: ${result.coldStarts.map((s) => num(s, 2)).join(' ')})`,
    );
  return lines;
}

function report(result: ModeResult): void {
  const rows = [result.bare, ...result.routes].map((target) => {
    const { rps, p99, cpu } = summary(target);
    const perRound = target.rounds.map((r) => r.requestsPerSecond);
    const p99s = target.rounds.map((r) => num(r.p99Ms, 2)).join(' ');
    const range = `${num(Math.min(...perRound))}–${num(Math.max(...perRound))}`;
    return [target.label, num(rps), num(p99, 2), cpu === null ? '?' : num(cpu), String(target.rounds.length), range, p99s];
  });
  out();
  out(`${result.mode} — ${result.description}`);
  out(table(['target', 'req/s (median)', 'p99 ms (median)', 'CPU µs/req (median)', 'rounds', 'req/s range', 'p99 ms per round'], rows));
  for (const line of ratioLines(result)) out(line);
  out();
}

async function runMode(
  params: Params,
  mode: ModeResult['mode'],
  description: string,
  bare: { url: string; pid: number | undefined },
  env: Record<string, string | undefined>,
): Promise<ModeResult> {
  const { url: bareUrl, pid: barePid } = bare;
  out(`${mode}: starting the API (${description})`);
  let api = await startApi(`API (${mode})`, env);
  try {
    const token = await signUp(api.baseUrl);
    await createCourses(api.baseUrl, token);
    const auth = { authorization: `Bearer ${token}` };
    const [bare, ...routes] = await measure(params, mode, [
      { label: 'bare', url: bareUrl, pid: barePid },
      { label: '/v1/me', url: `${api.baseUrl}/v1/me`, headers: auth, pid: api.service.pid },
      { label: '/v1/courses', url: `${api.baseUrl}${LIST_PATH}`, headers: auth, pid: api.service.pid },
    ]);
    if (bare === undefined) throw new Error('no baseline measured');
    const coldStarts: number[] = [];
    // Embedded: a restart on the data directory just used (migrated, with users and courses).
    for (let start = 1; mode === 'embedded' && start <= COLD_STARTS; start++) {
      await api.service.stop();
      api = await startApi(`API (${mode}, restart ${start}/${COLD_STARTS})`, env, api.dataDir);
      coldStarts.push(api.readySeconds);
    }
    const result: ModeResult = { mode, description, bare, routes, coldStarts };
    report(result);
    return result;
  } finally {
    await api.service.stop();
  }
}

/** The commit under test and whether the working tree differs from it, or why that is unknown. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain')
      .split('\n')
      .filter((line) => line !== '').length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed === 0 ? '' : ` + ${changed} uncommitted change${changed === 1 ? '' : 's'}`}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function printMachine(params: Params): void {
  const cpuList = cpus();
  out(
    `bench api: GET /v1/me and GET /v1/courses (${COURSES} courses; bearer, tenant-scoped, DB-backed) vs a bare Fastify route; embedded cold start`,
  );
  out(
    `machine: ${cpuList.length} cpus (available parallelism ${availableParallelism()}), ${cpuList[0]?.model.trim() ?? 'unknown cpu'}, ` +
      `${num(totalmem() / 2 ** 30, 1)} GiB, ${osType()} ${release()}, node ${process.version}`,
  );
  out(
    `parameters: ${params.rounds} rounds × ${params.durationSeconds} s (after ${params.warmupSeconds} s warm-up each), ` +
      `${params.connections} connections, autocannon in this process, each server in its own process`,
  );
  out(`code: ${REPO_DIR} at ${revision()}; date: ${new Date().toISOString()}`);
  out();
}

async function benchmark(params: Params): Promise<void> {
  printMachine(params);
  const bare = await startBareServer();
  const results: ModeResult[] = [];
  const bareTarget = { url: bare.url, pid: bare.service.pid };
  if (params.modes.has('embedded'))
    results.push(
      await runMode(params, 'embedded', 'PGlite in a fresh temp dir', bareTarget, { DATABASE_URL: undefined, MIRAI_SECRET_KEY: undefined }),
    );

  if (!params.modes.has('server')) return summarise(results, null);
  let database: ScratchDatabase | null = null;
  let skipped: string | null = null;
  try {
    database = await createScratchDatabase(params.databaseUrl, 'mirai_bench_');
  } catch (error) {
    skipped = `no scratch database could be created through ${redactUrl(params.databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`;
    out(`server: skipped — ${skipped}`);
    out();
  }
  if (database !== null) {
    const scratch = database;
    onCleanup(() => scratch.drop());
    try {
      results.push(
        await runMode(params, 'server', `PostgreSQL ${scratch.serverVersion}, scratch database ${scratch.name}`, bareTarget, {
          DATABASE_URL: scratch.url,
          MIRAI_SECRET_KEY: randomBytes(32).toString('base64'),
        }),
      );
    } finally {
      await scratch.drop();
    }
  }

  summarise(results, skipped);
}

function summarise(results: ModeResult[], skipped: string | null): void {
  out('summary');
  for (const result of results) for (const line of ratioLines(result)) out(`  ${line}`);
  if (skipped !== null) out(`  server: skipped — ${skipped}`);
}

/** Runs the api bench; returns the process exit code. */
export function main(argv: string[]): Promise<number> {
  return runBenchCommand<Params>(argv, {
    name: 'api',
    usage: USAGE,
    parse: parseParams,
    run: async (params) => {
      await benchmark(params);
      return 0;
    },
  });
}
