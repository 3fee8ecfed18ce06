// Cleanup that runs once, whether the bench finishes, fails or is interrupted (Ctrl+C, SIGTERM).
import type { ChildProcess } from 'node:child_process';

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | null = null;

/** Registers `fn` to run at cleanup; later registrations run first. */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

/** Tracks a child so that it is killed even when the process exits without running the async cleanup. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Runs every registered cleanup in reverse order; errors are reported, never thrown. Idempotent. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn?.();
      } catch (error) {
        process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  })();
  return cleaning;
}

let installed = false;
let interrupted = false;

/** True once SIGINT/SIGTERM arrived: errors after that are consequences of stopping, not failures. */
export function isInterrupted(): boolean {
  return interrupted;
}

/** On SIGINT/SIGTERM: clean up, then exit 130/143. On any exit: SIGKILL children still running. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const interrupt = (signal: NodeJS.Signals, code: number) => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping servers and cleaning up…\n`);
    const forced = setTimeout(() => process.exit(code), 15_000);
    forced.unref();
    cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => interrupt('SIGINT', 130));
  process.once('SIGTERM', () => interrupt('SIGTERM', 143));
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
}
