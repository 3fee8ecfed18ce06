// `pnpm bench suite`: what a sample of test files costs with Node's own TypeScript loading
// (MIRAI_TEST_NATIVE_IMPORTS=1) vs Vite's module runner (the default, the baseline), as CPU
// seconds, which a shared machine distorts far less than wall time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, ratio, table } from './format.ts';

const repoRoot = path.join(import.meta.dirname, '..', '..');
const CLOCK_TICKS = 100;

/** One file or two of every kind: unit tests, tests on a real server (PGlite), spawned processes, a browser journey. */
const SAMPLE = [
  'core/src/config/config.test.ts',
  'core/src/http/lazy-schema-compilers.test.ts',
  'core/src/jobs/job-starter.test.ts',
  'core/src/modules/cmi5/cmi5-statement-rules.test.ts',
  'core/src/modules/identity/last-owner.test.ts',
  'core/src/modules/certificates/certificates.test.ts',
  'core/src/modules/learning/lesson-media.e2e.test.ts',
  'core/src/modules/storage/media-uploads.e2e.test.ts',
  'core/src/observability/tracing.e2e.test.ts',
  'core/src/realtime/resubscribe-catch-up.e2e.test.ts',
  'tests/integration/operator-cli.test.ts',
  'tests/integration/plugin-shutdown.test.ts',
  'tests/browser/password-reset.test.ts',
];

/** CPU seconds (user + system) of this process's waited-for descendants: vitest, its workers and the servers they started. */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

interface Run {
  mode: 'vite' | 'native';
  seconds: number;
  cpu: number;
  passed: boolean;
}

function runVitest(mode: Run['mode'], files: readonly string[]): Promise<Run> {
  const projects = [...new Set(files.map((file) => (file.startsWith('tests/') ? (file.split('/')[1] ?? '') : 'core')))];
  const args = [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', ...projects.flatMap((p) => ['--project', p]), ...files];
  const env = { ...process.env, MIRAI_TEST_NATIVE_IMPORTS: mode === 'native' ? '1' : '' };
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      resolve({ mode, seconds: (performance.now() - started) / 1000, cpu: childrenCpuSeconds() - cpuBefore, passed: code === 0 }),
    );
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { rounds: { type: 'string', default: '2' }, help: { type: 'boolean' } },
  });
  if (values.help === true) {
    process.stdout.write('Usage: pnpm bench suite [--rounds n] [test files…]   (default: a sample of core, integration and browser files)\n');
    return 0;
  }
  const files = positionals.length > 0 ? positionals : SAMPLE;
  const rounds = Number(values.rounds);
  process.stdout.write(
    `${cpus().length} cpus, Node ${process.version}, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
  );
  process.stdout.write(`${files.length} files, ${rounds} rounds, alternating which mode goes first\n`);
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    const order: Run['mode'][] = round % 2 === 0 ? ['vite', 'native'] : ['native', 'vite'];
    for (const mode of order) {
      const run = await runVitest(mode, files);
      runs.push(run);
      process.stdout.write(
        `round ${round + 1} ${mode}: ${run.seconds.toFixed(1)} s wall, ${run.cpu.toFixed(1)} CPU s, ${run.passed ? 'passed' : 'FAILED'}\n`,
      );
    }
  }
  const of = (mode: Run['mode']) => runs.filter((run) => run.mode === mode);
  const rows = (['vite', 'native'] as const).map((mode) => [
    mode,
    median(of(mode).map((run) => run.cpu)).toFixed(1),
    median(of(mode).map((run) => run.seconds)).toFixed(1),
  ]);
  process.stdout.write(`\n${table(['mode', 'CPU s (median)', 'wall s (median)'], rows)}\n`);
  const cpuRatio = median(of('native').map((run) => run.cpu)) / median(of('vite').map((run) => run.cpu));
  const wallRatio = median(of('native').map((run) => run.seconds)) / median(of('vite').map((run) => run.seconds));
  process.stdout.write(`native = ${ratio(cpuRatio)}× vite CPU, ${ratio(wallRatio)}× vite wall time\n`);
  process.stdout.write(`load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
  return runs.every((run) => run.passed) ? 0 : 1;
}
