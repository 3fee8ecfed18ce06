import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';

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
  /** node_modules folders to scan for packages declaring `mirai.plugin`. */
  nodeModules: string[];
}

/**
 * Finds plugin packages: a package is a plugin when its package.json has `mirai.plugin`
 * naming its entry module. The same folder reached twice (workspace links) counts once.
 */
export async function discoverPlugins(roots: DiscoveryRoots): Promise<PluginCandidate[]> {
  const found = new Map<string, PluginCandidate>();
  const scan = async (folders: string[], source: PluginSource) => {
    for (const root of folders)
      for (const dir of await packageFolders(root)) {
        const candidate = await readPluginPackage(dir, source);
        if (candidate !== null && !found.has(candidate.dir)) found.set(candidate.dir, candidate);
      }
  };
  await scan(roots.firstParty, 'first-party');
  await scan(roots.directories, 'directory');
  await scan(roots.nodeModules, 'npm');
  return [...found.values()];
}
