import { isEngineCompatible, type JsonSchema } from '@mirai/sdk-plugin';
import type { FieldError } from '../errors/mirai-error.ts';
import { schemaFieldErrors } from './json-schema-validation.ts';

/** What the report needs of a plugin: installed now, or a candidate version read from its package. */
export interface PluginManifest {
  name: string;
  version: string;
  engine: string;
  configSchema?: JsonSchema | undefined;
}

export interface StoredConfig {
  tenantId: string;
  plugin: string;
  config: Record<string, unknown>;
}

export interface CompatibilityReport {
  /** The plugin-API version checked against (`--engine`, or this server's). */
  apiVersion: string;
  /** Every plugin as it would be after the change, and whether its engine range admits `apiVersion`. */
  engines: Array<{ plugin: string; version: string; engine: string; compatible: boolean }>;
  /** Stored organisation configs the (new) config schema would refuse, field by field. */
  configs: Array<{ plugin: string; version: string; tenantId: string; fields: FieldError[] }>;
  ok: boolean;
}

/**
 * Answers, before anything changes, what an upgrade would break: installed plugins (with
 * `candidate` replacing the installed plugin of its name) whose engine range excludes
 * `apiVersion`, and organisations whose stored configuration the schema of the version would refuse.
 */
export function compatibilityReport(input: {
  installed: PluginManifest[];
  apiVersion: string;
  candidate?: PluginManifest | undefined;
  stored: StoredConfig[];
}): CompatibilityReport {
  const { candidate } = input;
  const plugins = [...input.installed.filter((plugin) => plugin.name !== candidate?.name), ...(candidate === undefined ? [] : [candidate])];
  const engines = plugins.map((plugin) => ({
    plugin: plugin.name,
    version: plugin.version,
    engine: plugin.engine,
    compatible: isEngineCompatible(plugin.engine, input.apiVersion),
  }));
  const byName = new Map(plugins.map((plugin) => [plugin.name, plugin]));
  const configs = input.stored.flatMap((stored) => {
    const plugin = byName.get(stored.plugin);
    if (plugin === undefined) return [];
    const fields = schemaFieldErrors(plugin.configSchema ?? { type: 'object', additionalProperties: false }, stored.config, '/config');
    return fields.length === 0 ? [] : [{ plugin: plugin.name, version: plugin.version, tenantId: stored.tenantId, fields }];
  });
  return { apiVersion: input.apiVersion, engines, configs, ok: engines.every((e) => e.compatible) && configs.length === 0 };
}
