import { pathToFileURL } from 'node:url';
import { isEngineCompatible, PLUGIN_API_VERSION, type PluginDefinition, validatePluginDefinition } from '@mirai/sdk-plugin';
import { MiraiError } from '../errors/mirai-error.ts';
import type { LoadedPlugin } from './loaded-plugin.ts';
import type { PluginCandidate } from './plugin-discovery.ts';
import { orderByDependencies } from './plugin-order.ts';
import { assertMatchesSignature, checkSignature, type Trust, type TrustPolicy } from './plugin-trust.ts';
import type { PluginSandbox } from './sandbox/index.ts';
import { assertNoConflictingSdk, hostSdkVersion, provideSdkToPlugins } from './sdk-provision.ts';

export type { LoadedPlugin } from './loaded-plugin.ts';

export interface LoadOptions {
  /** Plugin names an operator allows despite an incompatible engine range. */
  ignoreEngineFor: readonly string[];
  apiVersion?: string;
  /** Which partner packages may load; by default only first-party ones (no keys, unsigned refused). */
  trust?: TrustPolicy;
  /**
   * Trust levels: partner packages not named in `trusted` run in this sandbox instead of being
   * imported. Without it every package that passes the signature check is imported (trusted).
   */
  sandbox?: { sandbox: PluginSandbox; trusted: readonly string[]; egressApproved: readonly string[] };
}

const NO_TRUST: TrustPolicy = { keys: [], allowUnsigned: false, trustedFolders: [] };

async function importDefinition(candidate: PluginCandidate): Promise<unknown> {
  try {
    const module = (await import(pathToFileURL(candidate.entry).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw new MiraiError(
      'MIRAI_ERR_PLUGIN_LOAD_FAILED',
      `Package ${candidate.packageName} (${candidate.entry}) could not be imported: ${(error as Error).message}`,
      {
        cause: error,
        extensions: { plugin: candidate.packageName },
      },
    );
  }
}

async function imported(candidate: PluginCandidate): Promise<PluginDefinition> {
  const definition = await importDefinition(candidate);
  const problems = validatePluginDefinition(definition);
  if (problems.length > 0)
    throw new MiraiError('MIRAI_ERR_PLUGIN_MANIFEST_INVALID', `Package ${candidate.packageName}: ${problems.join('; ')}`, {
      extensions: { plugin: candidate.packageName, problems },
    });
  return definition as PluginDefinition;
}

type SandboxOptions = NonNullable<LoadOptions['sandbox']>;

/** Starts the package in the sandbox; its egress is what its signed manifest declares, if the operator approved it. */
async function sandboxed(candidate: PluginCandidate, trust: Trust, { sandbox, egressApproved }: SandboxOptions): Promise<PluginDefinition> {
  const egressAllow = trust.kind === 'signed' && egressApproved.includes(candidate.packageName) ? trust.manifest.egress : [];
  const loaded = await sandbox.load(candidate.dir, { key: `${candidate.packageName}@${candidate.packageVersion}`, egressAllow });
  return loaded.definition;
}

/** Imports (trusted) or sandboxes (untrusted), validates, engine-checks and orders the discovered plugins. */
export async function loadPlugins(candidates: PluginCandidate[], options: LoadOptions): Promise<LoadedPlugin[]> {
  const apiVersion = options.apiVersion ?? PLUGIN_API_VERSION;
  const loaded: LoadedPlugin[] = [];
  const sdkVersion = await hostSdkVersion();
  provideSdkToPlugins();
  for (const candidate of candidates) {
    // Nothing of a package runs before its signature and SDK copy are checked.
    const trust = await checkSignature(candidate, options.trust ?? NO_TRUST);
    await assertNoConflictingSdk(candidate, sdkVersion);
    // First-party plugins and folders the operator named are trusted by location; partner packages by the operator's list.
    const untrusted = options.sandbox !== undefined && trust.kind !== 'location' && !options.sandbox.trusted.includes(candidate.packageName);
    const valid = untrusted && options.sandbox !== undefined ? await sandboxed(candidate, trust, options.sandbox) : await imported(candidate);
    assertMatchesSignature(valid, trust, candidate.packageName);
    if (!isEngineCompatible(valid.engine, apiVersion) && !options.ignoreEngineFor.includes(valid.name))
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_ENGINE_INCOMPATIBLE',
        `Plugin "${valid.name}" requires plugin API ${valid.engine}, this server provides ${apiVersion}; upgrade the plugin or list it in MIRAI_PLUGINS_IGNORE_ENGINE`,
        { extensions: { plugin: valid.name, engine: valid.engine, apiVersion } },
      );
    const duplicate = loaded.find((other) => other.definition.name === valid.name);
    if (duplicate !== undefined)
      throw new MiraiError('MIRAI_ERR_PLUGIN_DUPLICATE', `Plugin "${valid.name}" is installed twice: ${duplicate.dir} and ${candidate.dir}`, {
        extensions: { plugin: valid.name },
      });
    loaded.push({ definition: valid, source: candidate.source, packageName: candidate.packageName, dir: candidate.dir, sandboxed: untrusted });
  }
  return orderByDependencies(loaded);
}
