// `pnpm bench api`: what an authenticated, tenant-scoped, database-backed read (GET /v1/me) costs
// next to a bare Fastify route, with the embedded database (PGlite) and a PostgreSQL server.
// Each server runs in its own child process; the load generator runs here. Rounds alternate
// bare, /v1/me, bare, /v1/me, … and the medians of the rounds are reported.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, type as osType, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, num, ratio, table } from './format.ts';
import { freePort, requestJson, waitForHttp } from './http.ts';
import { cleanup, installSignalHandlers, isInterrupted, onCleanup } from './lifecycle.ts';
import { type LoadResult, runLoad } from './load.ts';
import { createScratchDatabase, redactUrl, type ScratchDatabase } from './postgres.ts';
import { type Service, startService } from './process.ts';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_DIR, 'core', 'src', 'cli.ts');
const BARE_SERVER = join(REPO_DIR, 'scripts', 'bench', 'bare-server.ts');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const READY_TIMEOUT_MS = 120_000;

const SIGNUP = { email: 'bench@example.com', password: 'correct horse battery', tenantName: 'Bench' };

export const USAGE = `Usage: pnpm bench api [options]

Requests/s and p99 latency of GET /v1/me (bearer token, tenant-scoped, one database
round trip for the session and one for the memberships) relative to a bare Fastify 5
route, for the embedded database (PGlite) and a PostgreSQL server.

Options:
  --duration <s>        seconds measured per round (default 5)
  --warmup <s>          unmeasured seconds before every round (default 1)
  --rounds <n>          rounds per target and mode; the median is reported (default 5)
  --connections <n>     concurrent connections (default 16)
  --database-url <url>  PostgreSQL to create the scratch database through
                        (default $MIRAI_BENCH_DATABASE_URL or ${DEFAULT_DATABASE_URL})
  -h, --help            this text`;

interface Params {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  connections: number;
  databaseUrl: string;
}

class UsageError extends Error {}

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
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
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
  };
}

interface Target {
  label: string;
  url: string;
  headers?: Record<string, string>;
}

interface TargetResult {
  label: string;
  rounds: LoadResult[];
}

interface ModeResult {
  mode: 'embedded' | 'server';
  description: string;
  bare: TargetResult;
  me: TargetResult;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

async function startBareServer(): Promise<{ service: Service; url: string }> {
  const port = await freePort();
  const service = startService('bare Fastify server', process.execPath, [BARE_SERVER], { PORT: String(port), HOST: '127.0.0.1' }, REPO_DIR);
  const url = `http://127.0.0.1:${port}/bare`;
  await waitForHttp(url, service, 30_000);
  return { service, url };
}

async function startApi(name: string, env: Record<string, string | undefined>): Promise<{ service: Service; baseUrl: string }> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'mirai-bench-'));
  onCleanup(() => rm(dataDir, { recursive: true, force: true }));
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
  const started = Date.now();
  await waitForHttp(`${baseUrl}/readyz`, service, READY_TIMEOUT_MS);
  out(`  ${name} ready in ${num((Date.now() - started) / 1000, 1)} s`);
  return { service, baseUrl };
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

async function measure(params: Params, modeLabel: string, bare: Target, me: Target): Promise<[TargetResult, TargetResult]> {
  const results: [TargetResult, TargetResult] = [
    { label: bare.label, rounds: [] },
    { label: me.label, rounds: [] },
  ];
  const targets = [bare, me];
  for (let round = 1; round <= params.rounds; round++) {
    const line: string[] = [];
    for (const [index, target] of targets.entries()) {
      const load = { url: target.url, headers: target.headers ?? {}, connections: params.connections };
      if (params.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: params.warmupSeconds });
      const result = await runLoad({ ...load, durationSeconds: params.durationSeconds });
      results[index]?.rounds.push(result);
      line.push(`${target.label} ${num(result.requestsPerSecond)} req/s, p99 ${num(result.p99Ms, 2)} ms`);
    }
    out(`  ${modeLabel} round ${round}/${params.rounds}: ${line.join(' | ')}`);
  }
  return results;
}

function summary(result: TargetResult): { rps: number; p99: number } {
  return { rps: median(result.rounds.map((r) => r.requestsPerSecond)), p99: median(result.rounds.map((r) => r.p99Ms)) };
}

function ratioLine(result: ModeResult): string {
  const bare = summary(result.bare);
  const me = summary(result.me);
  return `${result.mode}: /v1/me = ${ratio(me.rps / bare.rps)}× bare req/s, p99 ${ratio(me.p99 / bare.p99)}× bare`;
}

function report(result: ModeResult): void {
  const rows = [result.bare, result.me].map((target) => {
    const { rps, p99 } = summary(target);
    const perRound = target.rounds.map((r) => r.requestsPerSecond);
    const p99s = target.rounds.map((r) => num(r.p99Ms, 2)).join(' ');
    return [target.label, num(rps), num(p99, 2), String(target.rounds.length), `${num(Math.min(...perRound))}–${num(Math.max(...perRound))}`, p99s];
  });
  out();
  out(`${result.mode} — ${result.description}`);
  out(table(['target', 'req/s (median)', 'p99 ms (median)', 'rounds', 'req/s range', 'p99 ms per round'], rows));
  out(ratioLine(result));
  out();
}

async function runMode(
  params: Params,
  mode: ModeResult['mode'],
  description: string,
  bareUrl: string,
  env: Record<string, string | undefined>,
): Promise<ModeResult> {
  out(`${mode}: starting the API (${description})`);
  const api = await startApi(`API (${mode})`, env);
  try {
    const token = await signUp(api.baseUrl);
    const [bare, me] = await measure(
      params,
      mode,
      { label: 'bare', url: bareUrl },
      { label: '/v1/me', url: `${api.baseUrl}/v1/me`, headers: { authorization: `Bearer ${token}` } },
    );
    const result: ModeResult = { mode, description, bare, me };
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
  out('bench api: GET /v1/me (bearer, tenant-scoped, DB-backed) vs a bare Fastify route');
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
  results.push(await runMode(params, 'embedded', 'PGlite in a fresh temp dir', bare.url, { DATABASE_URL: undefined, MIRAI_SECRET_KEY: undefined }));

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
        await runMode(params, 'server', `PostgreSQL ${scratch.serverVersion}, scratch database ${scratch.name}`, bare.url, {
          DATABASE_URL: scratch.url,
          MIRAI_SECRET_KEY: randomBytes(32).toString('base64'),
        }),
      );
    } finally {
      await scratch.drop();
    }
  }

  out('summary');
  for (const result of results) out(`  ${ratioLine(result)}`);
  if (skipped !== null) out(`  server: skipped — ${skipped}`);
}

/** Runs the api bench; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let params: Params | 'help';
  try {
    params = parseParams(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (params === 'help') {
    out(USAGE);
    return 0;
  }
  installSignalHandlers();
  try {
    await benchmark(params);
    return 0;
  } catch (error) {
    if (isInterrupted()) return 130;
    process.stderr.write(`bench api failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}
