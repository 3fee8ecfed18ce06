import { MiraiError } from './errors/mirai-error.ts';

/** How every `mirai` command ends on an error: its stable code and message on stderr, exit code 1. */
export function exitOnCliFailure(error: unknown): never {
  const message =
    error instanceof MiraiError ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`mirai: ${message}\n`);
  process.exit(1);
}
