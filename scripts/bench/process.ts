// Child processes for the servers under test: output kept for error messages, always stopped.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, trackChild } from './lifecycle.ts';

export interface Service {
  readonly name: string;
  readonly pid: number | undefined;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  output(): string;
  /** Non-null once the child has exited: its exit code or signal. */
  exitStatus(): string | null;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

const KEPT_LINES = 40;

/** Starts `command` with this process's environment plus `env`; an `undefined` value removes a variable. */
export function startService(name: string, command: string, args: string[], env: Record<string, string | undefined>, cwd?: string): Service {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // For diagnosis (e.g. NODE_OPTIONS=--trace-gc): every line the child writes, kept in a file.
  const outputDir = process.env.MIRAI_BENCH_OUTPUT_DIR;
  if (outputDir !== undefined && outputDir !== '' && child.pid !== undefined) {
    const file = createWriteStream(join(outputDir, `${name.replace(/[^a-z0-9]+/gi, '-')}-${child.pid}.log`));
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  let status: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? String(code);
      resolve();
    });
    child.once('error', (error) => {
      status = `failed to start: ${error.message}`;
      resolve();
    });
  });

  const stop = async (graceMs = 5000) => {
    if (status !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(() => stop());

  return {
    name,
    pid: child.pid,
    output: () => lines.join('\n'),
    exitStatus: () => status,
    stop,
  };
}
