// What `pnpm bench memory` prints at the end: every sample (so a trend shows), then per process
// the RSS after the warm-up, at the end, the growth between them and the verdict.
import { loadavg } from 'node:os';
import { num, table } from './format.ts';
import { out } from './generation-api.ts';
import { fitLine, growthPercent } from './memory-rss.ts';

export interface RssSample {
  /** Courses completed when the sample was taken. */
  courses: number;
  seconds: number;
  apiKiB: number;
  workerKiB: number;
  /** One-minute load average at the time. */
  load1: number;
}

const mib = (kib: number) => num(kib / 1024, 1);
const signed = (percent: number) => `${percent >= 0 ? '+' : ''}${num(percent, 1)}`;

/** Prints the report; returns whether both processes stayed within `limitPercent`. */
export function printReport(params: { courses: number; warmup: number }, samples: readonly RssSample[], limitPercent: number): boolean {
  const baseline = samples.find((sample) => sample.courses === params.warmup);
  const last = samples.at(-1);
  if (baseline === undefined || last === undefined || last.courses !== params.courses) throw new Error('the warm-up or the final sample is missing');
  out();
  out(`RSS per sample (Δ against the sample after the ${num(params.warmup)}-course warm-up)`);
  out(
    table(
      ['courses', 'elapsed s', 'courses/min', 'API MiB', 'API Δ %', 'worker MiB', 'worker Δ %', 'load 1m'],
      samples.map((sample, index) => {
        const previous = samples[index - 1];
        const rate = previous === undefined ? '–' : num(((sample.courses - previous.courses) / (sample.seconds - previous.seconds)) * 60, 1);
        const afterWarmup = sample.courses >= params.warmup;
        return [
          num(sample.courses),
          num(sample.seconds),
          rate,
          mib(sample.apiKiB),
          afterWarmup ? signed(growthPercent(baseline.apiKiB, sample.apiKiB)) : '–',
          mib(sample.workerKiB),
          afterWarmup ? signed(growthPercent(baseline.workerKiB, sample.workerKiB)) : '–',
          num(sample.load1, 2),
        ];
      }),
    ),
  );
  const measured = samples.filter((sample) => sample.courses >= params.warmup);
  const rows = [
    { name: 'API (mirai start)', pick: (sample: RssSample) => sample.apiKiB },
    { name: 'worker (mirai worker)', pick: (sample: RssSample) => sample.workerKiB },
  ].map(({ name, pick }) => {
    const growth = growthPercent(pick(baseline), pick(last));
    const line = fitLine(
      measured.map((sample) => ({ x: sample.courses, y: pick(sample) })),
      params.warmup,
    );
    const trend = growthPercent(line.valueAt, line.valueAt + line.slope * (params.courses - params.warmup));
    const pass = growth <= limitPercent && trend <= limitPercent;
    return {
      name,
      pass,
      cells: [mib(pick(baseline)), mib(pick(last)), mib(Math.max(...measured.map(pick))), signed(growth), num(line.slope * 100), signed(trend)],
    };
  });
  out();
  out(`summary: ${num(params.courses)} courses, RSS growth from the warm-up (${num(params.warmup)} courses) to the end, limit ${limitPercent} %`);
  out('(trend: least-squares line through the samples from the warm-up on; PASS needs both growth and trend growth within the limit)');
  out(
    table(
      ['process', 'after warm-up MiB', 'at end MiB', 'max MiB', 'growth %', 'trend KiB/100 courses', 'trend growth %', 'verdict'],
      rows.map((row) => [row.name, ...row.cells, row.pass ? 'PASS' : 'FAIL']),
    ),
  );
  out(
    `load average at the end: ${loadavg()
      .map((load) => num(load, 2))
      .join(' ')}`,
  );
  return rows.every((row) => row.pass);
}
