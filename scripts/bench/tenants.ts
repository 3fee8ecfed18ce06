// `pnpm bench tenants`: one tenant's flood against another tenant's single course, in server mode
// (PostgreSQL, Redis, an API and two workers): B's queue wait and completion time alone and under
// A's flood, and whether any job was lost or run twice.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { integerFlag, parsedFlags, runBenchCommand } from './bench-command.ts';
import { num, table } from './format.ts';
import { out } from './generation-api.ts';
import { redactUrl } from './postgres.ts';
import { type CourseRun, type FloodResult, lessonWait, runFlood } from './tenants-run.ts';
import { startTenantsStack } from './tenants-stack.ts';

const USAGE = `Usage: pnpm bench tenants [options]

Tenant A queues many 5 × 4 courses (ai-offline) at once while tenant B generates one, in server mode
(mirai start + mirai worker × N on PostgreSQL and Redis). Prints B's queue wait and completion time
alone and under A's flood, their ratio (goal ≤ 1.5×), and jobs lost or run twice.

Options:
  --courses <n>        A's courses (default 50)
  --start-after <n>    B starts once A has requested this many lesson fan-outs (default 10)
  --workers <n>        worker processes (default 2)
  --concurrency <n>    MIRAI_WORKER_CONCURRENCY of each worker (default 4)
  --tenant-limit <n>   MIRAI_TENANT_JOB_LIMIT (default: the server's default)
  --tenant-reserve <n> MIRAI_TENANT_JOB_RESERVE, worker slots never lent beyond a tenant's limit
                       (default: the server's default)
  --model-delay <ms>   ai-offline's chunkDelayMs for both tenants (default 0): lessons wait between
                       streamed pieces as on a model provider, instead of using the CPU throughout
  --database-url <url> PostgreSQL to create the scratch database through
                       (default $MIRAI_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
  --redis-url <url>    Redis (default $MIRAI_BENCH_REDIS_URL or redis://127.0.0.1:6379)
  -h, --help           this text`;

type Options = ReturnType<typeof parseOptions>;

function parseOptions(argv: string[]) {
  const { values } = parsedFlags(() =>
    parseArgs({
      args: argv,
      strict: true,
      options: {
        courses: { type: 'string' },
        'start-after': { type: 'string' },
        workers: { type: 'string' },
        concurrency: { type: 'string' },
        'tenant-limit': { type: 'string' },
        'tenant-reserve': { type: 'string' },
        'model-delay': { type: 'string' },
        'database-url': { type: 'string' },
        'redis-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  return {
    help: values.help === true,
    courses: integerFlag('courses', values.courses, 50),
    startAfter: integerFlag('start-after', values['start-after'], 10),
    workers: integerFlag('workers', values.workers, 2),
    concurrency: integerFlag('concurrency', values.concurrency, 4),
    tenantLimit: values['tenant-limit'] === undefined ? undefined : integerFlag('tenant-limit', values['tenant-limit'], 1),
    tenantReserve: values['tenant-reserve'] === undefined ? undefined : integerFlag('tenant-reserve', values['tenant-reserve'], 0, 0),
    modelDelayMs: integerFlag('model-delay', values['model-delay'], 0, 0),
    databaseUrl: values['database-url'] ?? process.env.MIRAI_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: values['redis-url'] ?? process.env.MIRAI_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

function row(label: string, run: CourseRun): string[] {
  const lessons = lessonWait(run);
  return [label, num(run.outlineWait, 2), num(lessons.median, 2), num(lessons.max, 2), num(run.seconds, 2)];
}

function report(result: FloodResult, limit: string): void {
  out();
  out(
    table(
      ['tenant B', 'outline wait s', 'lesson wait p50 s', 'lesson wait max s', 'completion s'],
      [row('alone', result.alone), row("under A's flood", result.flooded)],
    ),
  );
  const ratio = result.flooded.seconds / result.alone.seconds;
  out(`B under the flood / B alone: ${num(ratio, 2)}× (goal ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'not met'})`);
  out(`A: ${result.floodCourses} courses in ${num(result.floodSeconds, 1)} s`);
  out(`most jobs running at once (sampled every 100 ms): A ${result.peakRunning.a}, B ${result.peakRunning.b} (tenant limit ${limit})`);
  const { jobs, notCompleted, runTwice } = result.integrity;
  out(`jobs: ${num(jobs)} in the job table, ${notCompleted} not completed (lost), ${runTwice} run twice (attempts > 1 or a second job.started)`);
}

export function main(argv: string[]): Promise<number> {
  return runBenchCommand<Options>(argv, {
    name: 'tenants',
    usage: USAGE,
    parse: (args) => {
      const options = parseOptions(args);
      return options.help ? 'help' : options;
    },
    run: benchmark,
  });
}

async function benchmark(options: Options): Promise<number> {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  out(
    `bench tenants: ${availableParallelism()} cpus (${cpu}), node ${process.version}, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  out(
    `A: ${options.courses} courses, B: 1 (after one warm-up); ${options.workers} workers × concurrency ${options.concurrency}; ` +
      `ai-offline chunkDelayMs ${options.modelDelayMs}; database ${redactUrl(options.databaseUrl)}`,
  );
  const stack = await startTenantsStack({ ...options, adminDatabaseUrl: options.databaseUrl });
  out(`  ${stack.description}`);
  try {
    const reserve = options.tenantReserve === undefined ? '' : `, reserve ${options.tenantReserve}`;
    const limit = `${options.tenantLimit === undefined ? 'default' : String(options.tenantLimit)}${reserve}`;
    report(await runFlood(stack, options.courses, options.startAfter, options.modelDelayMs), limit);
  } finally {
    await stack.stop();
  }
  out(
    `load average at the end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  return 0;
}
