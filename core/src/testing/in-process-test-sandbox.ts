import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type PluginDefinition, validatePluginDefinition } from '@mirai/sdk-plugin';
import type { LoadedPlugin } from '../plugin-host/plugin-loader.ts';
import type { PluginSandbox } from '../plugin-host/sandbox/index.ts';
import { provideSdkToPlugins } from '../plugin-host/sdk-provision.ts';

/**
 * TEST ONLY — NOT A SANDBOX. Satisfies the PluginSandbox interface by importing the package into
 * this process with full authority, so that tests of tenant installs (download, signature check,
 * hosting per organisation, upgrade, removal) run real plugin code without the isolation engine.
 * Production code never constructs it: the composition root takes a real sandbox or none.
 * It records what it was asked, so tests can check keys and approved egress.
 */
export class InProcessTestSandbox implements PluginSandbox {
  readonly loaded = new Map<string, { dir: string; egressAllow: readonly string[] }>();
  closed = false;

  async load(packageDir: string, options: { key: string; egressAllow: readonly string[] }): Promise<LoadedPlugin> {
    if (this.loaded.has(options.key)) throw new Error(`sandbox key ${options.key} is already loaded`);
    const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { name: string; mirai: { plugin: string } };
    provideSdkToPlugins();
    const module = (await import(pathToFileURL(resolve(packageDir, manifest.mirai.plugin)).href)) as { default?: unknown };
    const problems = validatePluginDefinition(module.default);
    if (problems.length > 0) throw new Error(`${manifest.name}: ${problems.join('; ')}`);
    this.loaded.set(options.key, { dir: packageDir, egressAllow: options.egressAllow });
    return { definition: module.default as PluginDefinition, source: 'npm', packageName: manifest.name, dir: packageDir };
  }

  async unload(key: string): Promise<void> {
    this.loaded.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.loaded.clear();
  }
}
