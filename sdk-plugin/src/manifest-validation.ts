import { isCapability } from './extension-points/index.ts';
import type { PluginDefinition } from './plugin-definition.ts';

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Problems with a plugin's definition, as readable sentences; empty when it is valid.
 * The host refuses to load a plugin with any problem; createTestHost runs the same check.
 */
export function validatePluginDefinition(candidate: unknown): string[] {
  if (typeof candidate !== 'object' || candidate === null) return ['the default export is not a plugin definition object'];
  const d = candidate as Partial<Record<keyof PluginDefinition, unknown>>;
  const problems: string[] = [];
  if (typeof d.name !== 'string' || !NAME_PATTERN.test(d.name)) problems.push('`name` must be kebab-case, e.g. "ai-acme"');
  if (typeof d.version !== 'string' || !VERSION_PATTERN.test(d.version)) problems.push('`version` must be a semver version');
  if (typeof d.engine !== 'string' || d.engine.trim() === '') problems.push('`engine` must be a semver range, e.g. "^1.0.0"');
  if (!Array.isArray(d.capabilities)) problems.push('`capabilities` must be an array');
  else
    for (const capability of d.capabilities)
      if (typeof capability !== 'string' || !isCapability(capability)) problems.push(`unknown capability "${String(capability)}"`);
  if (d.dependencies !== undefined && (!Array.isArray(d.dependencies) || d.dependencies.some((dep) => typeof dep !== 'string')))
    problems.push('`dependencies` must be an array of plugin names');
  if (
    d.configSchema !== undefined &&
    (typeof d.configSchema !== 'object' || d.configSchema === null || (d.configSchema as { type?: unknown }).type !== 'object')
  )
    problems.push('`configSchema` must be a JSON Schema of type "object"');
  if (typeof d.register !== 'function') problems.push('`register` must be a function');
  for (const hook of ['start', 'stop'] as const)
    if (d[hook] !== undefined && typeof d[hook] !== 'function') problems.push(`\`${hook}\` must be a function`);
  return problems;
}
