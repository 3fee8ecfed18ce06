import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MiraiConfig } from '../config/config.ts';
import { CORE_DIR, REPO_DIR } from '../paths.ts';
import { discoverPlugins } from './plugin-discovery.ts';
import { installedPackages, installPluginPackage, pluginPackagesDir, syncPluginPackages, uninstallPluginPackage } from './plugin-packages.ts';
import { checkSignature, type TrustPolicy, trustPolicy } from './plugin-trust.ts';

export const PLUGINS_USAGE = `Usage: mirai plugins <command>

  install <name>@<range> [--registry <url>]  install a plugin package into MIRAI_DATA_DIR/plugin-packages and record it
  uninstall <name>                           remove it and its record
  sync [--registry <url>]                    install exactly the recorded set (a new replica, after a restore)
  list                                       the recorded packages and their ranges`;

/** The trust policy the server applies, so that install refuses what start-up would refuse. */
export function serverTrustPolicy(config: MiraiConfig, devPlugins: string[] = []): TrustPolicy {
  return trustPolicy(config.pluginTrustedKeys, config.pluginsAllowUnsigned, [
    join(REPO_DIR, 'plugins'),
    join(CORE_DIR, 'test-fixtures'),
    join(REPO_DIR, 'tests', 'fixtures'),
    ...devPlugins,
  ]);
}

/** The package name in `name@range` (a scoped name starts with `@`). */
function packageNameOf(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at === -1 ? spec : spec.slice(0, at);
}

async function verifyInstalled(dir: string, name: string, config: MiraiConfig): Promise<void> {
  const policy = serverTrustPolicy(config);
  for (const candidate of await discoverPlugins({ firstParty: [], directories: [], installed: [dir] }))
    if (candidate.packageName === name) await checkSignature(candidate, policy);
}

export async function runPluginsCommand(config: MiraiConfig, argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { registry: { type: 'string' } } });
  const [command, spec] = positionals;
  const dir = pluginPackagesDir(config.dataDir);
  if (command === 'install' && spec !== undefined) {
    await installPluginPackage(dir, spec, values.registry);
    const name = packageNameOf(spec);
    // A package the server would refuse is not left recorded: a restart must not fail on it.
    await verifyInstalled(dir, name, config).catch(async (error: unknown) => {
      await uninstallPluginPackage(dir, name);
      throw error;
    });
    process.stdout.write(`installed ${name} (${(await installedPackages(dir))[name]}) in ${dir}; restart the server to load it\n`);
    return 0;
  }
  if (command === 'uninstall' && spec !== undefined) {
    await uninstallPluginPackage(dir, spec);
    process.stdout.write(`uninstalled ${spec}\n`);
    return 0;
  }
  if (command === 'sync') {
    await syncPluginPackages(dir, values.registry);
    process.stdout.write(`installed the recorded plugin packages in ${dir}\n`);
    return 0;
  }
  if (command === 'list') {
    for (const [name, range] of Object.entries(await installedPackages(dir))) process.stdout.write(`${name}@${range}\n`);
    return 0;
  }
  process.stderr.write(`${PLUGINS_USAGE}\n`);
  return 2;
}
