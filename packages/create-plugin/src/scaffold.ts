import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginKind } from './plugin-kinds.ts';
import { GITIGNORE, type ProjectOptions, packageJson, readme, TSCONFIG, TSCONFIG_BUILD } from './project-files.ts';
import { aiTemplate } from './templates/ai.ts';
import { authTemplate } from './templates/auth.ts';
import { billingTemplate } from './templates/billing.ts';
import { exporterTemplate } from './templates/exporter.ts';
import { storageTemplate } from './templates/storage.ts';

export { isPluginKind, PLUGIN_KINDS, type PluginKind } from './plugin-kinds.ts';
export type { ProjectOptions } from './project-files.ts';

const TEMPLATES: Record<PluginKind, (options: ProjectOptions) => { index: string; test: string }> = {
  ai: aiTemplate,
  storage: storageTemplate,
  exporter: exporterTemplate,
  billing: billingTemplate,
  auth: authTemplate,
};

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Writes a new plugin project into `dir`, which must be empty or absent. Returns the files written. */
export async function scaffoldPlugin(dir: string, options: ProjectOptions): Promise<string[]> {
  if (!KEBAB.test(options.name)) throw new Error(`The plugin name "${options.name}" must be kebab-case (e.g. acme-glossary)`);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty`);
  const { index, test } = TEMPLATES[options.kind](options);
  const files: Record<string, string> = {
    'package.json': packageJson(options),
    'tsconfig.json': TSCONFIG,
    'tsconfig.build.json': TSCONFIG_BUILD,
    '.gitignore': GITIGNORE,
    'README.md': readme(options),
    'src/index.ts': index,
    'src/index.test.ts': test,
  };
  await mkdir(join(dir, 'src'), { recursive: true });
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
  return Object.keys(files);
}
