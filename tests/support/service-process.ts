import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir } from './paths.ts';

/** A child process started in its own process group, with its output in test-artifacts/logs/<name>.log. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** The last lines the process printed. */
  logTail(lines?: number): string;
  /** Resolves with the exit code once the process group leader has exited. */
  exited: Promise<number | null>;
  /** SIGTERM to the whole group, SIGKILL after a grace period. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

// If the test process dies without reaching afterAll, take the services down with it.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

export interface SpawnServiceOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function spawnService(name: string, command: string, args: string[], options: SpawnServiceOptions): ServiceProcess {
  const logDir = path.join(artifactsDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  // detached: the child leads a new process group, so stop() reaches its grandchildren too.
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
    child.once('error', () => resolve(null));
  });

  const logTail = (lines = 60): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const leaderGone = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 5_000))]);
    // Whatever is left of the group (the leader if it ignored SIGTERM, or children it left behind).
    killGroup(child, 'SIGKILL');
    if (!leaderGone) await exited;
    running.delete(child);
  };

  return { name, child, logFile, logTail, exited, stop };
}
