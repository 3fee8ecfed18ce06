// `pnpm bench export`: export time and package size per format for the grounded course (outline bounds 5 × 4), in one run.
// The course is generated once with ai-offline through the real API; every format is then
// exported several times, interleaved, and each time is also given as a ratio to the HTML export
// of the same round (the simplest package), since absolute times depend on the machine's load.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { median, num, ratio, table } from './format.ts';
import { authorized, out, signUp, sleep, startMirai, tempDir } from './generation-api.ts';
import { createGroundedCourse, httpCaller } from './generation-core.ts';
import { cleanup, installSignalHandlers } from './lifecycle.ts';

export const USAGE = `Usage: pnpm bench export [--rounds <n>]

Generates one course of 5 modules × 4 lessons with ai-offline (embedded API), then exports it in
every enabled format <n> times (default 5), interleaved, and prints per format the median export
time (the job's own start-to-finish time, measured by the server), the ratio to the HTML export of
the same round, and the package size.`;

interface Job {
  status: string;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

async function finished(call: ReturnType<typeof authorized>, jobId: string): Promise<Job> {
  for (;;) {
    const job = (await call('GET', `/v1/jobs/${jobId}`, undefined, 200)) as Job;
    if (job.status === 'completed') return job;
    if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`job ${jobId} ${job.status}: ${job.error}`);
    await sleep(50);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string', default: '5' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const rounds = Number(values.rounds);
  installSignalHandlers();
  try {
    out(`machine: ${cpus().length} cpus, node ${process.version}; rounds ${rounds}`);
    const api = await startMirai('api (embedded)', 'dev', { MIRAI_DATA_DIR: await tempDir('mirai-bench-export-') });
    const account = await signUp(api.baseUrl, 'bench-export@example.com', 'Bench');
    const call = authorized(api.baseUrl, account);
    const courseId = await createGroundedCourse(httpCaller(api.baseUrl, account.token));
    const outline = (await call('POST', `/v1/courses/${courseId}/generate-outline`, { moduleCount: 5, lessonsPerModule: 4 }, 202)) as {
      jobId: string;
    };
    await finished(call, outline.jobId);
    const lessons = (await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202)) as { jobId: string };
    await finished(call, lessons.jobId);
    out('  course generated (outline bounds 5 × 4)');

    const formats = ((await call('GET', '/v1/export-formats', undefined, 200)) as { items: Array<{ format: string }> }).items.map((f) => f.format);
    const times = new Map<string, number[]>(formats.map((f) => [f, []]));
    const relative = new Map<string, number[]>(formats.map((f) => [f, []]));
    const sizes = new Map<string, number>();
    for (let round = 1; round <= rounds; round += 1) {
      const roundTimes = new Map<string, number>();
      for (const format of formats) {
        const started = (await call('POST', `/v1/courses/${courseId}/exports`, { format }, 202)) as { jobId: string; exportId: string };
        const job = await finished(call, started.jobId);
        const ms = new Date(job.finishedAt ?? 0).getTime() - new Date(job.startedAt ?? 0).getTime();
        const listed = (await call('GET', `/v1/courses/${courseId}/exports`, undefined, 200)) as {
          items: Array<{ id: string; size: number | null }>;
        };
        sizes.set(format, listed.items.find((e) => e.id === started.exportId)?.size ?? 0);
        roundTimes.set(format, ms);
        times.get(format)?.push(ms);
      }
      const baseline = roundTimes.get('html') ?? 0;
      for (const [format, ms] of roundTimes) if (baseline > 0) relative.get(format)?.push(ms / baseline);
      out(`  round ${round}: ${[...roundTimes].map(([f, ms]) => `${f} ${num(ms)} ms`).join(', ')}`);
    }
    out('');
    out(
      table(
        ['format', 'export ms (median)', 'vs html', 'package KiB'],
        formats.map((f) => [
          f,
          num(median(times.get(f) ?? [])),
          relative.get(f)?.length ? `${ratio(median(relative.get(f) ?? []))}×` : 'n/a',
          num((sizes.get(f) ?? 0) / 1024, 1),
        ]),
      ),
    );
    return 0;
  } finally {
    await cleanup();
  }
}
