#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PLUGIN_API_VERSION } from '@mirai/sdk-plugin';
import { isPluginKind, PLUGIN_KINDS, type PluginKind, scaffoldPlugin } from './scaffold.ts';

const USAGE = `Usage: npm create @mirai/plugin <dir> -- [--kind ${PLUGIN_KINDS.join('|')}] [--name <plugin-name>] [--package <npm-name>]`;

async function askKind(): Promise<PluginKind> {
  if (!process.stdin.isTTY) throw new Error(`--kind is required when not run in a terminal\n${USAGE}`);
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const answer = (await prompt.question(`What does the plugin provide? (${PLUGIN_KINDS.join(', ')}) `)).trim();
      if (isPluginKind(answer)) return answer;
    }
  } finally {
    prompt.close();
  }
}

/** The SDK this scaffold was built with: new projects depend on it and declare its API as engine. */
async function sdkVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(fileURLToPath(import.meta.resolve('@mirai/sdk-plugin/package.json')), 'utf8')) as { version: string };
  return manifest.version;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { kind: { type: 'string' }, name: { type: 'string' }, package: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [target] = positionals;
  if (values.help === true || target === undefined) {
    process.stdout.write(`${USAGE}\n`);
    if (target === undefined && values.help !== true) process.exitCode = 2;
    return;
  }
  if (values.kind !== undefined && !isPluginKind(values.kind)) throw new Error(`--kind must be one of ${PLUGIN_KINDS.join(', ')}`);
  const kind = values.kind ?? (await askKind());
  const dir = resolve(target);
  const name = values.name ?? basename(dir).replace(/^mirai-plugin-/, '');
  const [apiMajor, apiMinor] = PLUGIN_API_VERSION.split('.');
  const files = await scaffoldPlugin(dir, {
    kind,
    name,
    packageName: values.package ?? `mirai-plugin-${name}`,
    sdkRange: `^${await sdkVersion()}`,
    engine: `^${apiMajor}.${apiMinor}.0`,
  });
  process.stdout.write(`Wrote a ${kind} plugin in ${dir}: ${files.join(', ')}\nNext: cd ${target} && npm install && npm test && npm run build\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`create-plugin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
