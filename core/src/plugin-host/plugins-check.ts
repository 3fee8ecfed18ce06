import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_API_VERSION, type PluginDefinition, validatePluginDefinition } from '@mirai/sdk-plugin';
import type { MiraiConfig } from '../config/config.ts';
import { loadOrCreateEmbeddedSecretKey } from '../config/embedded-secret-key.ts';
import { createOrm } from '../db/create-orm.ts';
import { startEmbeddedDatabase } from '../db/embedded-database.ts';
import { MiraiError } from '../errors/mirai-error.ts';
import { storedConfigs } from '../modules/plugins/tenant-plugins.service.ts';
import { type CompatibilityReport, compatibilityReport, type PluginManifest } from './compatibility-report.ts';
import { type DiscoveryRoots, discoverPlugins } from './plugin-discovery.ts';
import { installPluginPackage } from './plugin-packages.ts';
import { checkSignature } from './plugin-trust.ts';
import { serverTrustPolicy } from './plugins-command.ts';
import { provideSdkToPlugins } from './sdk-provision.ts';
import { SecretBox } from './secret-box.ts';

/** A plugin package folder's definition (its `mirai.plugin` entry), validated but not engine-checked. */
async function readDefinition(entry: string, label: string): Promise<PluginDefinition> {
  // Installed packages carry no SDK of their own (it is a peer): the host's copy serves them, as at boot.
  provideSdkToPlugins();
  const module = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  const problems = validatePluginDefinition(module.default);
  if (problems.length > 0)
    throw new MiraiError('MIRAI_ERR_PLUGIN_MANIFEST_INVALID', `${label}: ${problems.join('; ')}`, { extensions: { plugin: label } });
  return module.default as PluginDefinition;
}

/** The candidate version of a plugin, from an unpacked package folder (`mirai plugins check ./acme-glossary-2.0.0`). */
export async function readCandidate(folder: string): Promise<PluginManifest> {
  const dir = resolve(folder);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; mirai?: { plugin?: string } };
  if (typeof pkg.mirai?.plugin !== 'string')
    throw new MiraiError('MIRAI_ERR_PLUGIN_MANIFEST_INVALID', `${dir}/package.json declares no mirai.plugin entry`, {
      extensions: { plugin: pkg.name ?? dir },
    });
  return readDefinition(join(dir, pkg.mirai.plugin), pkg.name ?? dir);
}

const isDirectory = (path: string) =>
  stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );

/**
 * The candidate of `mirai plugins check <spec>`: an unpacked package folder, or any npm spec
 * (`@acme/mirai-plugin-glossary@2.0.0`, a tarball) installed into a scratch folder the way
 * `mirai plugins install` would (no scripts). A fetched package passes the server's signature
 * policy before any of its code is imported; nothing is recorded or left behind.
 */
export async function candidateFrom(spec: string, config: MiraiConfig, registry?: string): Promise<PluginManifest> {
  if (await isDirectory(spec)) return readCandidate(spec);
  const scratch = await mkdtemp(join(tmpdir(), 'mirai-plugins-check-'));
  try {
    await installPluginPackage(scratch, spec, registry);
    const [candidate] = await discoverPlugins({ firstParty: [], directories: [], installed: [scratch] });
    if (candidate === undefined)
      throw new MiraiError('MIRAI_ERR_PLUGIN_MANIFEST_INVALID', `${spec} is no Mirai plugin package (no mirai.plugin entry)`, {
        extensions: { plugin: spec },
      });
    await checkSignature(candidate, serverTrustPolicy(config));
    const definition = await readDefinition(candidate.entry, candidate.packageName);
    return { name: definition.name, version: definition.version, engine: definition.engine, configSchema: definition.configSchema };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * `mirai plugins check`: reads the installed plugins and every organisation's stored configs
 * (read only) and reports what a new plugin-API version or a new plugin version would break.
 */
export async function checkPlugins(
  config: MiraiConfig,
  roots: DiscoveryRoots,
  options: { engine?: string | undefined; candidate?: PluginManifest | undefined },
): Promise<CompatibilityReport> {
  const installed: PluginManifest[] = [];
  for (const candidate of await discoverPlugins(roots)) installed.push(await readDefinition(candidate.entry, candidate.packageName));
  const embedded = config.databaseUrl === undefined ? await startEmbeddedDatabase(resolve(config.dataDir)) : null;
  const orm = await createOrm({ url: config.databaseUrl ?? embedded?.url ?? '', poolMax: 1 });
  try {
    const key = config.secretKey ?? (await loadOrCreateEmbeddedSecretKey(resolve(config.dataDir)));
    const stored = await storedConfigs(orm.em.fork(), new SecretBox(key));
    return compatibilityReport({ installed, apiVersion: options.engine ?? PLUGIN_API_VERSION, candidate: options.candidate, stored });
  } finally {
    await orm.close(true);
    await embedded?.close();
  }
}

/** The report as lines an operator reads before upgrading. */
export function formatReport(report: CompatibilityReport): string {
  const lines = [`Plugin API ${report.apiVersion}:`];
  for (const e of report.engines) lines.push(`  ${e.compatible ? 'ok  ' : 'FAIL'} ${e.plugin}@${e.version} (engine ${e.engine})`);
  for (const c of report.configs)
    for (const f of c.fields) lines.push(`  FAIL ${c.plugin}@${c.version} config of organisation ${c.tenantId}: ${f.field} ${f.message}`);
  lines.push(report.ok ? 'Nothing would break.' : 'Something would break: see FAIL above.');
  return `${lines.join('\n')}\n`;
}
