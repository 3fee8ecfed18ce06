// What every `pnpm bench <name>` shares: a usage error exits 2 with the usage, `--help` prints it,
// and a run installs the signal handlers and always cleans up what it started.
import { cleanup, installSignalHandlers, isInterrupted } from './lifecycle.ts';

/** A mistake on the command line: printed with the bench's usage, exit code 2. */
export class UsageError extends Error {}

/** A flag's integer, at least `minimum`; `fallback` when the flag is absent. */
export function integerFlag(name: string, raw: string | undefined, fallback: number, minimum = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < minimum)
    throw new UsageError(`--${name} must be an integer ≥ ${minimum}, got "${raw}"`);
  return value;
}

/** `parseArgs`' own errors (an unknown flag, a missing value) as usage errors. */
export function parsedFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface BenchCommand<P> {
  name: string;
  usage: string;
  parse(argv: string[]): P | 'help';
  /** Returns the exit code. */
  run(params: P): Promise<number>;
}

export async function runBenchCommand<P>(argv: string[], command: BenchCommand<P>): Promise<number> {
  let params: P | 'help';
  try {
    params = command.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${command.usage}\n`);
    return 2;
  }
  if (params === 'help') {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  installSignalHandlers();
  try {
    return await command.run(params);
  } catch (error) {
    if (isInterrupted()) return 130;
    process.stderr.write(`bench ${command.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}
