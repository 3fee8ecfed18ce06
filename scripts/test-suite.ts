// Runs every Vitest project of `pnpm test` on the embedded defaults.
//
// The browser project runs one file at a time (each file starts an API, the app's server and
// Chromium), and Vitest runs such a project in a group of its own after every other file has
// finished, so for half the suite the machine did one browser file and little else. Here it runs
// as a second Vitest process beside the other projects instead, and `load`, which measures latency
// with nothing else running, still runs alone afterwards. Each line is prefixed with its process.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

interface Run {
  label: string;
  args: string[];
}

const children = new Set<ChildProcess>();

function run({ label, args }: Run): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('vitest', ['run', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    children.add(child);
    const prefix = `[${label}] `;
    createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
    createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
    child.on('error', (error) => {
      process.stderr.write(`${prefix}could not start vitest: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (signal !== null) process.stderr.write(`${prefix}vitest ended by ${signal}\n`);
      resolve(code ?? 1);
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// Both finish even if one fails, so one run reports every failing file.
const [main, browser] = await Promise.all([
  // Two workers here plus the browser file: three test files at a time, as the suite had before.
  run({ label: 'main', args: ['--project', 'sdk', '--project', 'core', '--project', 'integration', '--maxWorkers', '2'] }),
  run({ label: 'browser', args: ['--project', 'browser'] }),
]);
process.stdout.write(
  `sdk, core and integration ${main === 0 ? 'passed' : 'FAILED'}; browser ${browser === 0 ? 'passed' : 'FAILED'} (${seconds()})\n`,
);
if (main !== 0 || browser !== 0) process.exit(1);

const load = await run({ label: 'load', args: ['--project', 'load'] });
process.stdout.write(`load ${load === 0 ? 'passed' : 'FAILED'} (${seconds()} in all)\n`);
process.exit(load);
