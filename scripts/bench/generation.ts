// `pnpm bench generation`: what AI course generation costs around the model, in one run:
//   1. courses/minute end to end with ai-offline (5 modules × 4 lessons), embedded and server mode;
//   2. jobs/s of the job port with a no-op handler next to raw BullMQ on the same Redis (and the
//      embedded transport on PGlite);
//   3. p50/p99 latency from a worker publishing a job event to websocket clients receiving it,
//      with 1, 100 and 1000 subscribers.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, type as osType, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { integerFlag, parsedFlags, runBenchCommand, UsageError } from './bench-command.ts';
import { median, num, ratio, table } from './format.ts';
import { out, REPO_DIR } from './generation-api.ts';
import { COURSE_SHAPE, type CourseTiming, measureCourses } from './generation-courses.ts';
import { JOB_CONCURRENCY, type JobsResult, measureJobs, type ThroughputRun } from './generation-jobs.ts';
import { type LatencyResult, measureLatency } from './generation-realtime.ts';
import { redisVersion } from './generation-redis.ts';
import { type Stack, startEmbeddedStack, startServerStack } from './generation-stack.ts';
import { redactUrl } from './postgres.ts';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const USAGE = `Usage: pnpm bench generation [options]

Three figures of the generation pipeline around the model, in one run:
  1. courses/minute end to end with ai-offline for a ${COURSE_SHAPE.moduleCount} modules × ${COURSE_SHAPE.lessonsPerModule} lessons course,
     embedded (mirai dev) and server mode (mirai start + mirai worker on PostgreSQL and Redis);
  2. jobs/s of the job port (job table + outbox, relay, BullMQ transport, runner) with a no-op
     handler against raw BullMQ on the same Redis, and of the embedded transport on PGlite;
  3. p50/p99 latency from a worker publishing a job event to websocket clients receiving it.
Server mode and the Redis half of (2) are skipped, with the reason, when PostgreSQL or Redis
is unreachable; (3) then falls back to the embedded API.

Options:
  --courses <n>          measured courses per mode; the median is reported (default 3)
  --warmup-courses <n>   unmeasured courses per mode before them (default 1; 0 for none)
  --concurrency <n>      MIRAI_WORKER_CONCURRENCY of the process running jobs
                         (default $MIRAI_WORKER_CONCURRENCY or 4)
  --jobs <n>             jobs per throughput run (default 2000)
  --events <n>           events published per subscriber count (default 200)
  --spacing <ms>         pause between published events (default 10)
  --subscribers <list>   websocket subscriber counts (default 1,100,1000)
  --skip-server          embedded mode only: no PostgreSQL server, no Redis
  --only jobs            run part (2) alone: no courses, no API processes, no latency
  --database-url <url>   PostgreSQL to create scratch databases through
                         (default $MIRAI_BENCH_DATABASE_URL or ${DEFAULT_DATABASE_URL})
  --redis-url <url>      Redis for BullMQ and pub/sub (default $MIRAI_BENCH_REDIS_URL or ${DEFAULT_REDIS_URL})
  -h, --help             this text`;

interface Params {
  courses: number;
  warmupCourses: number;
  concurrency: number;
  jobs: number;
  events: number;
  spacingMs: number;
  subscribers: number[];
  skipServer: boolean;
  onlyJobs: boolean;
  databaseUrl: string;
  redisUrl: string;
}

function parseParams(argv: string[]): Params | 'help' {
  const values = parsedFlags(() => parseFlags(argv));
  if (values.help === true) return 'help';
  const subscribers = (values.subscribers ?? '1,100,1000').split(',').map((part) => integerFlag('subscribers', part.trim(), 1));
  const envConcurrency = process.env.MIRAI_WORKER_CONCURRENCY;
  if (values.only !== undefined && values.only !== 'jobs') throw new UsageError(`--only accepts "jobs", got "${values.only}"`);
  return {
    courses: integerFlag('courses', values.courses, 3),
    warmupCourses: integerFlag('warmup-courses', values['warmup-courses'], 1, 0),
    concurrency: integerFlag('concurrency', values.concurrency ?? (envConcurrency === '' ? undefined : envConcurrency), 4),
    jobs: integerFlag('jobs', values.jobs, 2000),
    events: integerFlag('events', values.events, 200),
    spacingMs: integerFlag('spacing', values.spacing, 10, 0),
    subscribers,
    skipServer: values['skip-server'] === true,
    onlyJobs: values.only === 'jobs',
    databaseUrl: values['database-url'] ?? process.env.MIRAI_BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    redisUrl: values['redis-url'] ?? process.env.MIRAI_BENCH_REDIS_URL ?? DEFAULT_REDIS_URL,
  };
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      courses: { type: 'string' },
      'warmup-courses': { type: 'string' },
      concurrency: { type: 'string' },
      jobs: { type: 'string' },
      events: { type: 'string' },
      spacing: { type: 'string' },
      subscribers: { type: 'string' },
      'skip-server': { type: 'boolean' },
      only: { type: 'string' },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
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

function openFilesLimit(): string {
  try {
    return execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function machineLine(): string {
  const cpuList = cpus();
  return (
    `${cpuList.length} cpus (available parallelism ${availableParallelism()}), ${cpuList[0]?.model.trim() ?? 'unknown cpu'}, ` +
    `${num(totalmem() / 2 ** 30, 1)} GiB, ${osType()} ${release()}, node ${process.version}, open files limit ${openFilesLimit()}`
  );
}

/** Why server mode cannot run, or null when PostgreSQL and Redis both answer. */
async function serverUnavailable(params: Params): Promise<string | null> {
  if (params.skipServer) return '--skip-server';
  const client = new pg.Client({ connectionString: params.databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    return `PostgreSQL unreachable at ${redactUrl(params.databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    await redisVersion(params.redisUrl);
  } catch (error) {
    return `Redis unreachable at ${redactUrl(params.redisUrl)}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

interface CoursesResult {
  mode: Stack['mode'];
  description: string;
  concurrency: number;
  timings: CourseTiming[];
}

async function courses(stack: Stack, params: Params): Promise<CoursesResult> {
  if (params.warmupCourses > 0) {
    out(`  ${stack.mode}: ${params.warmupCourses} warm-up course${params.warmupCourses === 1 ? '' : 's'} (not counted)`);
    await measureCourses(stack, params.warmupCourses, { quiet: true });
  }
  return { mode: stack.mode, description: stack.description, concurrency: stack.concurrency, timings: await measureCourses(stack, params.courses) };
}

interface Results {
  courses: CoursesResult[];
  coursesSkipped: string | null;
  jobs: JobsResult;
  /** Null only with `--only jobs`. */
  latency: LatencyResult | null;
}

async function benchmark(params: Params): Promise<Results> {
  out('bench generation: courses/minute, job port throughput, websocket event latency');
  out(`machine: ${machineLine()}`);
  out(
    `parameters: ${params.courses} course${params.courses === 1 ? '' : 's'} per mode (+${params.warmupCourses} warm-up) of ` +
      `${COURSE_SHAPE.moduleCount}×${COURSE_SHAPE.lessonsPerModule} lessons, worker concurrency ${params.concurrency}; ` +
      `${num(params.jobs)} jobs per throughput run at concurrency ${JOB_CONCURRENCY}; ` +
      `${params.events} events ${params.spacingMs} ms apart to ${params.subscribers.join(', ')} subscribers`,
  );
  out(`code: ${REPO_DIR} at ${revision()}; date: ${new Date().toISOString()}`);
  out();
  if (params.onlyJobs) return { courses: [], coursesSkipped: '--only jobs', latency: null, jobs: await jobThroughput(params) };

  const unavailable = await serverUnavailable(params);
  if (unavailable !== null) out(`server mode: skipped — ${unavailable}`);
  const results: Omit<Results, 'jobs'> = { courses: [], coursesSkipped: unavailable, latency: null };

  out('courses end to end (ai-offline)');
  const embedded = await startEmbeddedStack(params.concurrency);
  try {
    results.courses.push(await courses(embedded, params));
    if (unavailable !== null) {
      out();
      out('job event → websocket latency (embedded fallback)');
      results.latency = await measureLatency(embedded, params.subscribers, params.events, params.spacingMs);
    }
  } finally {
    await embedded.stop();
  }

  if (unavailable === null) {
    const server = await startServerStack(params.databaseUrl, params.redisUrl, params.concurrency);
    try {
      results.courses.push(await courses(server, params));
      out();
      out('job event → websocket latency (server mode)');
      results.latency = await measureLatency(server, params.subscribers, params.events, params.spacingMs);
    } finally {
      await server.stop();
    }
  }

  if (results.latency === null) throw new Error('no latency was measured');
  out();
  return { ...results, jobs: await jobThroughput(params) };
}

function jobThroughput(params: Params): Promise<JobsResult> {
  out(`job port throughput (no-op handler, ${num(params.jobs)} jobs, concurrency ${JOB_CONCURRENCY})`);
  return measureJobs({ adminDatabaseUrl: params.databaseUrl, redisUrl: params.redisUrl, jobs: params.jobs, skipServer: params.skipServer });
}

function coursesTable(results: CoursesResult[]): string {
  return table(
    ['mode', 'worker concurrency', 's/course (median)', 'courses/min', 'outline s', 'lessons s', 'range s', 'courses'],
    results.map((result) => {
      const totals = result.timings.map((t) => t.totalSeconds);
      const seconds = median(totals);
      return [
        result.mode,
        String(result.concurrency),
        num(seconds, 2),
        num(60 / seconds, 1),
        num(median(result.timings.map((t) => t.outlineSeconds)), 2),
        num(median(result.timings.map((t) => t.lessonsSeconds)), 2),
        `${num(Math.min(...totals), 2)}–${num(Math.max(...totals), 2)}`,
        String(result.timings.length),
      ];
    }),
  );
}

function jobsTable(jobs: JobsResult): string {
  const rows: string[][] = [];
  const row = (run: ThroughputRun, target: string) => rows.push([target, num(run.jobsPerSecond), num(run.seconds, 2), num(run.jobs)]);
  if ('skipped' in jobs.redis) rows.push(['BullMQ/Redis: skipped', '–', '–', '–']);
  else {
    row(jobs.redis.raw, 'raw BullMQ (addBulk + Worker), Redis');
    row(jobs.redis.port, 'job port, BullMQ transport, PostgreSQL + Redis');
  }
  row(jobs.embedded.port, 'job port, embedded transport, PGlite');
  return table(['target', 'jobs/s', 'seconds', 'jobs'], rows);
}

function latencyTable(latency: LatencyResult): string {
  return table(
    ['subscribers', 'p50 ms', 'p99 ms', 'max ms', 'deliveries', 'deliveries/s', 'API CPU %', 'bench CPU %'],
    latency.runs.map((run) => [
      num(run.subscribers),
      num(run.p50Ms, 2),
      num(run.p99Ms, 2),
      num(run.maxMs, 2),
      run.samples === run.expected ? num(run.samples) : `${num(run.samples)}/${num(run.expected)}`,
      num(run.deliveriesPerSecond),
      run.apiCpuPercent === null ? 'n/a' : num(run.apiCpuPercent),
      num(run.benchCpuPercent),
    ]),
  );
}

function printCourses(params: Params, results: Results): void {
  out(
    `1. courses: ${COURSE_SHAPE.moduleCount} modules × ${COURSE_SHAPE.lessonsPerModule} lessons, ai-offline, median of ${params.courses} after ${params.warmupCourses} warm-up`,
  );
  out(coursesTable(results.courses));
  for (const result of results.courses) out(`${result.mode}: ${result.description}`);
  if (results.coursesSkipped !== null) out(`server: skipped — ${results.coursesSkipped}`);
  out();
}

function printSummary(params: Params, results: Results): void {
  out();
  out(`summary — ${new Date().toISOString().slice(0, 10)}; ${machineLine()}; code at ${revision()}`);
  out();
  if (!params.onlyJobs) printCourses(params, results);
  out(
    `2. job port: no-op handler, ${num(params.jobs)} jobs, concurrency ${JOB_CONCURRENCY}, from the first insert (port) or addBulk (raw) to the last completion`,
  );
  out(jobsTable(results.jobs));
  out(`embedded: ${results.jobs.embedded.description}`);
  if ('skipped' in results.jobs.redis) out(`BullMQ/Redis: skipped — ${results.jobs.redis.skipped}`);
  else {
    out(`BullMQ/Redis: ${results.jobs.redis.description}`);
    out(
      `ratio port/raw: ${ratio(results.jobs.redis.port.jobsPerSecond / results.jobs.redis.raw.jobsPerSecond)}× ` +
        `(the port does ${ratio(results.jobs.redis.raw.jobsPerSecond / results.jobs.redis.port.jobsPerSecond)}× fewer jobs/s)`,
    );
  }
  if (results.latency === null) return;
  out();
  out(`3. event latency (${results.latency.mode}): ${results.latency.method}`);
  out(latencyTable(results.latency));
}

/** Runs the generation bench; returns the process exit code. */
export function main(argv: string[]): Promise<number> {
  return runBenchCommand<Params>(argv, {
    name: 'generation',
    usage: USAGE,
    parse: parseParams,
    run: async (params) => {
      printSummary(params, await benchmark(params));
      return 0;
    },
  });
}
