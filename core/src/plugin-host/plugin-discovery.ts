import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MiraiError } from '../errors/mirai-error.ts';
import { installedPackageNames } from './plugin-packages.ts';

export type PluginSource = 'first-party' | 'directory' | 'npm';

export interface PluginCandidate {
  packageName: string;
  packageVersion: string;
  /** Real path of the package folder. */
  dir: string;
  /** Absolute path of the module whose default export is the plugin definition. */
  entry: string;
  source: PluginSource;
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  mirai?: { plugin?: unknown };
}

async function readPluginPackage(dir: string, source: PluginSource): Promise<PluginCandidate | null> {
  let manifest: PackageJson;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return null;
  }
  const entry = manifest.mirai?.plugin;
  if (typeof entry !== 'string' || typeof manifest.name !== 'string') return null;
  const realDir = await realpath(dir);
  return {
    packageName: manifest.name,
    packageVersion: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
    dir: realDir,
    entry: resolve(realDir, entry),
    source,
  };
}

/** Package folders directly inside `root`, including `@scope/name` folders. */
async function packageFolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    if (entry.name.startsWith('.')) continue;
    const path = join(root, entry.name);
    if (entry.name.startsWith('@')) folders.push(...(await packageFolders(path)));
    else folders.push(path);
  }
  return folders;
}

export interface DiscoveryRoots {
  /** The repository's `plugins/` folder (first-party plugins). */
  firstParty: string[];
  /** Operator-configured plugin directories (MIRAI_PLUGIN_PATHS). */
  directories: string[];
  /**
   * Folders of packages installed with `mirai plugins install`: only the packages their
   * package.json lists load; nothing loads just because it sits in a node_modules folder.
   */
  installed: string[];
  /** Single plugin package folders (`mirai dev --plugin <dir>`). */
  packages?: string[];
}

async function installedFolders(root: string): Promise<string[]> {
  const folders: string[] = [];
  for (const name of await installedPackageNames(root)) {
    const dir = join(root, 'node_modules', name);
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => null);
    if (manifest === null)
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_NOT_INSTALLED',
        `Plugin package ${name} is recorded in ${root} but not installed there; run \`mirai plugins sync\``,
        {
          extensions: { plugin: name },
        },
      );
    folders.push(dir);
  }
  return folders;
}

/**
 * Finds plugin packages: a package is a plugin when its package.json has `mirai.plugin`
 * naming its entry module. The same folder reached twice (workspace links) counts once.
 */
export async function discoverPlugins(roots: DiscoveryRoots): Promise<PluginCandidate[]> {
  const found = new Map<string, PluginCandidate>();
  const scan = async (folders: string[], source: PluginSource) => {
    for (const root of folders)
      for (const dir of source === 'npm' ? await installedFolders(root) : await packageFolders(root)) {
        const candidate = await readPluginPackage(dir, source);
        if (candidate !== null && !found.has(candidate.dir)) found.set(candidate.dir, candidate);
      }
  };
  for (const dir of roots.packages ?? []) {
    const candidate = await readPluginPackage(dir, 'directory');
    if (candidate === null)
      throw new MiraiError('MIRAI_ERR_PLUGIN_LOAD_FAILED', `${dir} holds no package.json with mirai.plugin`, { extensions: { plugin: dir } });
    found.set(candidate.dir, candidate);
  }
  await scan(roots.firstParty, 'first-party');
  await scan(roots.directories, 'directory');
  await scan(roots.installed, 'npm');
  return [...found.values()];
}
