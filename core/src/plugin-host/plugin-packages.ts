import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Plugins an operator installed from a registry live in `<MIRAI_DATA_DIR>/plugin-packages`: an
 * npm project whose package.json `dependencies` is the record of what is installed (name and
 * range) and whose package-lock.json pins it, so a restart or a replica (`mirai plugins sync`)
 * gets the same set.
 */
export function pluginPackagesDir(dataDir: string): string {
  return join(resolve(dataDir), 'plugin-packages');
}

interface Manifest {
  dependencies?: Record<string, string>;
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Names of the recorded plugin packages, in the order npm keeps them. */
export async function installedPackageNames(dir: string): Promise<string[]> {
  return Object.keys((await readManifest(dir))?.dependencies ?? {});
}

export async function installedPackages(dir: string): Promise<Record<string, string>> {
  return { ...(await readManifest(dir))?.dependencies };
}

// The SDK is the host's (peer dependency, not installed); package scripts never run on install.
const NPM_FLAGS = ['--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'];

async function npm(dir: string, args: string[], registry: string | undefined): Promise<void> {
  await mkdir(dir, { recursive: true });
  if ((await readManifest(dir)) === null)
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'mirai-plugin-packages', private: true, dependencies: {} }, null, 2)}\n`);
  await run('npm', [...args, ...NPM_FLAGS, ...(registry === undefined ? [] : ['--registry', registry])], { cwd: dir });
}

/** `npm install <spec>` into the plugin packages folder, recording the range given. */
export async function installPluginPackage(dir: string, spec: string, registry?: string): Promise<void> {
  await npm(dir, ['install', '--save', spec], registry);
}

export async function uninstallPluginPackage(dir: string, name: string): Promise<void> {
  await npm(dir, ['uninstall', '--save', name], undefined);
}

/** Installs exactly what the record and its lockfile name (a new replica, a wiped node_modules). */
export async function syncPluginPackages(dir: string, registry?: string): Promise<void> {
  await npm(dir, ['install'], registry);
}
