// Starts the API (:8080) and the web app (:3000) together, as the README's Quick start promises.
// `--production` serves a production build of the app and runs the API with `mirai start` (`--embedded`
// without DATABASE_URL).
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const apiPort = process.env.PORT ?? '8080';
const appPort = process.env.APP_PORT ?? '3000';
const apiUrl = process.env.MIRAI_API_URL ?? `http://127.0.0.1:${apiPort}`;

function run(name: string, command: string, args: string[], env: Record<string, string>): ChildProcess {
  // Each child leads its own process group, so stopping reaches what it spawned (pnpm → remix → vite).
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} exited (${signal ?? code}); stopping the rest\n`);
      stop(code ?? 1);
    }
  });
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

let stopping = false;
const children: ChildProcess[] = [];
function stop(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) signalGroup(child, 'SIGTERM');
  const forced = setTimeout(() => {
    for (const child of children) signalGroup(child, 'SIGKILL');
    process.exit(exitCode);
  }, 10_000);
  forced.unref();
  Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))))).then(() => {
    // The group leaders are gone; anything they left behind in their groups goes too.
    for (const child of children) signalGroup(child, 'SIGKILL');
    process.exit(exitCode);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

if (production) {
  const build = spawn('pnpm', ['--filter', '@mirai/app', 'build'], { cwd: root, stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => build.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) process.exit(code);
}

/** Resolves once the API answers /readyz; until then the app would only answer 503 and log refused connections. */
async function apiReady(): Promise<void> {
  while (!stopping) {
    const ready = await fetch(`${apiUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// `mirai start` refuses the embedded database unless asked for it: `pnpm start` on a laptop asks.
const apiCommand = production ? ['start', ...(process.env.DATABASE_URL === undefined ? ['--embedded'] : [])] : ['dev'];
children.push(run('api', process.execPath, [join(root, 'core', 'src', 'cli.ts'), ...apiCommand], { PORT: apiPort }));
process.stdout.write(`Mirai: waiting for the API on ${apiUrl} before starting the web app\n`);
await apiReady();
// Stopped while waiting (Ctrl+C, or the API exited): stop() ends the process; start nothing more.
if (!stopping) {
  children.push(
    run('app', 'pnpm', ['--filter', '@mirai/app', production ? 'start' : 'dev'], {
      PORT: appPort,
      MIRAI_API_URL: apiUrl,
      ...(production ? { NODE_ENV: 'production' } : {}),
    }),
  );
  process.stdout.write(`Mirai: API on ${apiUrl}, web app on http://localhost:${appPort} (Ctrl+C stops both)\n`);
}
