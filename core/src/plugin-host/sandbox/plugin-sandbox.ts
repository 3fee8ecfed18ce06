import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type PluginDefinition, PluginError, type PluginStateStore, validatePluginDefinition } from '@mirai/sdk-plugin';
import { bundleSandboxedPlugin, isSandboxable } from '@mirai/sdk-plugin/sandbox';
import type { FastifyBaseLogger } from 'fastify';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { LoadedPlugin } from '../loaded-plugin.ts';
import { createSandboxEngine, type SandboxEngine, type SandboxHandle } from './sandbox-engine.ts';
import { aiProxy, exporterProxy } from './sandbox-proxies.ts';

export interface PluginSandboxOptions {
  logger: FastifyBaseLogger;
  /** The state of one plugin (by its registered name) for one organisation: the host's store, under `tenantStateNamespace(plugin, tenantId)`. */
  state: (plugin: string, tenantId: string) => PluginStateStore;
  /** Wall-clock limit of one call (a stream: the whole stream); past it the process is killed and restarted. Default 30 s. */
  callTimeoutMs?: number;
  /** V8 heap cap of each sandbox process, MiB; its resident memory may reach twice that plus 128 MiB before the host kills it. Default 128. */
  memoryLimitMb?: number;
  /** How long a sandbox may take to start and register. Default 10 s. */
  startTimeoutMs?: number;
  /** Where the workerd processes run: default in this process's children; a remote plugin runtime (`createRemoteSandboxEngine`) otherwise. */
  engine?: SandboxEngine;
}

export interface PluginSandbox {
  /** Starts an installed package (its directory, package.json with `mirai.plugin`) sandboxed under `key` (unique per organisation × plugin × version); the result is hosted by PluginHost like any LoadedPlugin. */
  load(packageDir: string, options: { key: string; egressAllow: readonly string[] }): Promise<LoadedPlugin>;
  unload(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The definition the host registers for a sandboxed plugin: what it declares, and a register that
 * runs the plugin's own register inside the sandbox with the operator's settings
 * (`context.instanceConfig`, as a trusted plugin gets them) and provides proxies of what it provided.
 */
function sandboxedDefinition(handle: SandboxHandle, packageName: string): PluginDefinition {
  const { manifest } = handle;
  const forbidden = manifest.capabilities.filter((capability) => !isSandboxable(capability));
  if (forbidden.length > 0)
    throw new MiraiError(
      'MIRAI_ERR_PLUGIN_SANDBOX_CAPABILITY_REFUSED',
      `Plugin "${manifest.name}" provides ${forbidden.join(', ')}, which only a plugin the operator trusts may provide`,
      { extensions: { plugin: manifest.name, capabilities: forbidden } },
    );
  const definition: PluginDefinition = {
    ...manifest,
    capabilities: manifest.capabilities as PluginDefinition['capabilities'],
    register: async (context) => {
      const provided = await handle.register(context.instanceConfig);
      provided.forEach((descriptor, index) => {
        if (descriptor.capability === 'ai') context.provide('ai', aiProxy(descriptor, index, handle.invoke));
        else context.provide('exporter', exporterProxy(descriptor, index, handle.invoke));
      });
    },
  };
  const problems = validatePluginDefinition(definition);
  if (problems.length > 0)
    throw new MiraiError('MIRAI_ERR_PLUGIN_MANIFEST_INVALID', `Package ${packageName}: ${problems.join('; ')}`, {
      extensions: { plugin: packageName, problems },
    });
  return definition;
}

/** Runs untrusted plugins in workerd, one process per loaded plugin, and hands PluginHost proxies of what they provide. */
export function createPluginSandbox(options: PluginSandboxOptions): PluginSandbox {
  const engine = options.engine ?? createSandboxEngine(options);
  const keys = new Set<string>();
  return {
    async load(packageDir, { key, egressAllow }) {
      if (keys.has(key))
        throw new MiraiError('MIRAI_ERR_PLUGIN_DUPLICATE', `A sandboxed plugin is already loaded under "${key}"`, { extensions: { plugin: key } });
      const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { name?: unknown; mirai?: { plugin?: unknown } };
      if (typeof pkg.name !== 'string' || typeof pkg.mirai?.plugin !== 'string')
        throw new MiraiError('MIRAI_ERR_PLUGIN_LOAD_FAILED', `${packageDir} holds no package.json with mirai.plugin`, {
          extensions: { plugin: packageDir },
        });
      const packageName = pkg.name;
      const failed = (error: unknown) =>
        new MiraiError('MIRAI_ERR_PLUGIN_LOAD_FAILED', `Package ${packageName} could not be sandboxed: ${(error as Error).message}`, {
          cause: error,
          extensions: { plugin: packageName },
        });
      try {
        const bundle = await bundleSandboxedPlugin(resolve(packageDir, pkg.mirai.plugin));
        const handle = await engine.start(bundle, { key, packageName, egressAllow });
        keys.add(key);
        try {
          return { definition: sandboxedDefinition(handle, packageName), source: 'npm', packageName, dir: packageDir };
        } catch (error) {
          await this.unload(key);
          throw error;
        }
      } catch (error) {
        throw error instanceof MiraiError || error instanceof PluginError ? error : failed(error);
      }
    },
    async unload(key) {
      if (!keys.delete(key)) return;
      await engine.stop(key);
    },
    async close() {
      keys.clear();
      await engine.close();
    },
  };
}
