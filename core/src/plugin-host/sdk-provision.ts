import { readFile } from 'node:fs/promises';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { MiraiError } from '../errors/mirai-error.ts';
import type { PluginCandidate } from './plugin-discovery.ts';

const SDK = '@mirai/sdk-plugin';
let registered = false;

/**
 * The host provides the SDK: every `import '@mirai/sdk-plugin[/…]'`, from a plugin directory or
 * an installed package, resolves to the host's own copy, as if the plugin sat in the workspace.
 * A plugin therefore needs no copy (and no symlink) beside it, and all plugins share one SDK
 * (one `PluginError` class, one `PLUGIN_API_VERSION`).
 */
export function provideSdkToPlugins(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === SDK || specifier.startsWith(`${SDK}/`)) return nextResolve(specifier, { ...context, parentURL: import.meta.url });
      return nextResolve(specifier, context);
    },
  });
}

async function versionAt(packageJson: string): Promise<string | null> {
  try {
    const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/** The version of the SDK the host provides. */
export async function hostSdkVersion(): Promise<string> {
  const version = await versionAt(fileURLToPath(import.meta.resolve(`${SDK}/package.json`)));
  if (version === null) throw new Error('The host cannot read its own @mirai/sdk-plugin version');
  return version;
}

/** Refuses a plugin that ships its own SDK of another major: it was built against another API. */
export async function assertNoConflictingSdk(candidate: PluginCandidate, hostVersion: string): Promise<void> {
  const bundled = await versionAt(join(candidate.dir, 'node_modules', SDK, 'package.json'));
  if (bundled === null || semver.major(bundled) === semver.major(hostVersion)) return;
  throw new MiraiError(
    'MIRAI_ERR_PLUGIN_SDK_CONFLICT',
    `Package ${candidate.packageName} bundles ${SDK}@${bundled}; this server provides ${SDK}@${hostVersion}. Declare the SDK as a peer dependency and rebuild against major ${semver.major(hostVersion)}`,
    { extensions: { plugin: candidate.packageName, bundled, provided: hostVersion } },
  );
}
