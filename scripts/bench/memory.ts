// `pnpm bench memory`: does the server-mode API and worker's memory stay flat under sustained
// authoring? Generates N small courses through the API (ai-offline) against PostgreSQL and Redis,
// samples both processes' RSS after a warm-up and at intervals, and compares the end with the
// warm-up: more than 10 % growth fails.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { integerFlag, parsedFlags, runBenchCommand, UsageError } from './bench-command.ts';
import { num } from './format.ts';
import { EventSocket, out } from './generation-api.ts';
import { startServerStack } from './generation-stack.ts';
import { generateSmallCourse, SMALL_COURSE } from './memory-courses.ts';
import { printReport, type RssSample } from './memory-report.ts';
import { requireRssKiB } from './memory-rss.ts';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const USAGE = `Usage: pnpm bench memory [options]

Server mode (mirai start + mirai worker on a scratch PostgreSQL database and a Redis namespace,
ai-offline): generates courses through the API as an author would (SME, indexed document,
audience, course, outline, then lessons: ${SMALL_COURSE.moduleCount} module × up to ${SMALL_COURSE.lessonsPerModule} lessons), samples
VmRSS of the API and the worker process after the warm-up and at intervals, and reports each
one's growth from the warm-up to the end, and along a least-squares line through the samples
from the warm-up on: PASS when both are at most 10 %, else FAIL (exit code 1).
Nothing is forced: no --expose-gc, no inspector, the garbage collector runs when V8 decides.

Options:
  --courses <n>          courses in all, warm-up included (default 1000)
  --warmup <n>           courses before the baseline sample (default 100)
  --interval <n>         courses between samples after the warm-up (default 1/36 of the rest: 25)
  --authors <n>          authors generating at once, one websocket each (default 2)
  --concurrency <n>      MIRAI_WORKER_CONCURRENCY of the worker (default 4)
  --database-url <url>   PostgreSQL to create the scratch database through
                         (default $MIRAI_BENCH_DATABASE_URL or ${DEFAULT_DATABASE_URL})
  --redis-url <url>      Redis (default $MIRAI_BENCH_REDIS_URL or ${DEFAULT_REDIS_URL})
  -h, --help             this text`;

export const GROWTH_LIMIT_PERCENT = 10;

export interface MemoryParams {
  courses: number;
  warmup: number;
  interval: number;
  authors: number;
  concurrency: number;
  databaseUrl: string;
  redisUrl: string;
}

function parseParams(argv: string[]): MemoryParams | 'help' {
  const values = parsedFlags(() => parseFlags(argv));
  if (values.help === true) return 'help';
  const courses = integerFlag('courses', values.courses, 1000, 2);
  const warmup = integerFlag('warmup', values.warmup, Math.min(100, Math.floor(courses / 10)), 1);
  if (warmup >= courses) throw new UsageError(`--warmup (${warmup}) must be below --courses (${courses})`);
  return {
    courses,
    warmup,
    interval: integerFlag('interval', values.interval, Math.max(1, Math.ceil((courses - warmup) / 36)), 1),
    authors: integerFlag('authors', values.authors, 2, 1),
    concurrency: integerFlag('concurrency', values.concurrency, 4, 1),
    databaseUrl: values['database-url'] ?? process.env.MIRAI_BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    redisUrl: values['redis-url'] ?? process.env.MIRAI_BENCH_REDIS_URL ?? DEFAULT_REDIS_URL,
  };
}

function parseFlags(argv: string[]) {
  const text = { type: 'string' } as const;
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      courses: text,
      warmup: text,
      interval: text,
      authors: text,
      concurrency: text,
      'database-url': text,
      'redis-url': text,
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

/** Whether a sample is due once `done` courses have completed. */
function sampleDue(params: MemoryParams, done: number): boolean {
  return done === params.warmup || done === params.courses || (done > params.warmup && (done - params.warmup) % params.interval === 0);
}

async function measure(params: MemoryParams): Promise<RssSample[]> {
  const stack = await startServerStack(params.databaseUrl, params.redisUrl, params.concurrency);
  const { worker } = stack;
  if (worker === null) throw new Error('server mode started without a worker process');
  const samples: RssSample[] = [];
  const started = performance.now();
  const sample = (courses: number) => {
    const taken: RssSample = {
      courses,
      seconds: (performance.now() - started) / 1000,
      apiKiB: requireRssKiB(stack.api.service.name, stack.api.service.pid),
      workerKiB: requireRssKiB(worker.service.name, worker.service.pid),
      load1: loadavg()[0] ?? Number.NaN,
    };
    samples.push(taken);
    out(
      `  ${num(courses)} courses, ${num(taken.seconds)} s: API ${num(taken.apiKiB / 1024, 1)} MiB, ` +
        `worker ${num(taken.workerKiB / 1024, 1)} MiB, load ${num(taken.load1, 2)}`,
    );
  };
  sample(0);
  let next = 1;
  let done = 0;
  const author = async () => {
    const socket = await EventSocket.connect(stack.api.baseUrl, stack.account.token);
    try {
      for (let index = next++; index <= params.courses; index = next++) {
        await generateSmallCourse(stack, socket, index);
        done += 1;
        if (sampleDue(params, done)) sample(done);
      }
    } finally {
      await socket.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: params.authors }, author));
  } finally {
    await stack.stop();
  }
  return samples;
}

/** Runs the memory bench; returns the process exit code (1 when a process grew past the limit). */
export function main(argv: string[]): Promise<number> {
  return runBenchCommand<MemoryParams>(argv, {
    name: 'memory',
    usage: USAGE,
    parse: parseParams,
    run: async (params) => {
      out(
        `bench memory: ${num(params.courses)} courses (${num(params.warmup)} warm-up), ${params.authors} authors, ` +
          `worker concurrency ${params.concurrency}; ${new Date().toISOString()}; load ${loadavg()
            .map((l) => num(l, 2))
            .join(' ')}`,
      );
      const samples = await measure(params);
      return printReport(params, samples, GROWTH_LIMIT_PERCENT) ? 0 : 1;
    },
  });
}
