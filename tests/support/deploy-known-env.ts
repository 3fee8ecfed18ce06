// The environment variables a Mirai server process may be given: core's configuration variables
// plus every MIRAI_* variable a first-party plugin documents in its README.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.ts';

/** core/src/config/config-variables.ts, the list @mirai/core exports, loaded alone: importing the
 * package's index would start up the whole server's module graph just to read it. */
const CONFIG_VARIABLES_MODULE = pathToFileURL(join(repoRoot, 'core', 'src', 'config', 'config-variables.ts')).href;

export async function knownServerEnv(): Promise<Set<string>> {
  const { CONFIG_VARIABLES } = (await import(CONFIG_VARIABLES_MODULE)) as { CONFIG_VARIABLES: readonly { name: string }[] };
  const known = new Set<string>(CONFIG_VARIABLES.map((variable) => variable.name));
  for (const plugin of readdirSync(join(repoRoot, 'plugins'))) {
    let readme: string;
    try {
      readme = readFileSync(join(repoRoot, 'plugins', plugin, 'README.md'), 'utf8');
    } catch {
      continue;
    }
    for (const name of readme.match(/\bMIRAI_[A-Z0-9_]+\b/g) ?? []) known.add(name);
  }
  return known;
}
