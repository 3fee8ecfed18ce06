import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface DevArguments {
  /** Plugin package folders given with `--plugin`, absolute. */
  plugins: string[];
  /** Set on the process that `superviseDevPlugins` runs under `node --watch-path`. */
  watched: boolean;
}

export function parseDevArguments(argv: string[]): DevArguments {
  const { values } = parseArgs({ args: argv, options: { plugin: { type: 'string', multiple: true }, watched: { type: 'boolean' } } });
  return { plugins: (values.plugin ?? []).map((path) => resolve(path)), watched: values.watched === true };
}

/**
 * `mirai dev --plugin ./path`: runs `mirai dev` under `node --watch-path` for each plugin folder,
 * so a change there (e.g. `tsc --watch` writing dist/) restarts the server with the new code.
 * A restart, not a re-import: ES modules cannot be unloaded, and a restart also re-runs the
 * plugin's register/start exactly as production does.
 */
export function superviseDevPlugins(cliPath: string, plugins: string[]): Promise<number> {
  const watch = plugins.flatMap((path) => ['--watch-path', path]);
  const child = spawn(
    process.execPath,
    [...watch, '--watch-preserve-output', cliPath, 'dev', ...plugins.flatMap((path) => ['--plugin', path]), '--watched'],
    {
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((done) => child.once('exit', (code) => done(code ?? 1)));
}
