import type { PluginDefinition } from '@mirai/sdk-plugin';
import { MiraiError } from '../errors/mirai-error.ts';

/**
 * Orders plugins so each comes after its dependencies (Kahn's algorithm, stable by input
 * order). A missing dependency or a cycle refuses the boot with a coded error naming plugins.
 */
export function orderByDependencies<P extends { definition: PluginDefinition }>(plugins: P[]): P[] {
  const byName = new Map(plugins.map((plugin) => [plugin.definition.name, plugin]));
  for (const plugin of plugins)
    for (const dependency of plugin.definition.dependencies ?? [])
      if (!byName.has(dependency))
        throw new MiraiError(
          'MIRAI_ERR_PLUGIN_DEPENDENCY_MISSING',
          `Plugin "${plugin.definition.name}" depends on "${dependency}", which is not installed`,
          {
            extensions: { plugin: plugin.definition.name, dependency },
          },
        );

  const ordered: P[] = [];
  const placed = new Set<string>();
  let remaining = [...plugins];
  while (remaining.length > 0) {
    const ready = remaining.filter((plugin) => (plugin.definition.dependencies ?? []).every((dependency) => placed.has(dependency)));
    if (ready.length === 0) {
      const names = remaining.map((plugin) => plugin.definition.name);
      throw new MiraiError('MIRAI_ERR_PLUGIN_DEPENDENCY_CYCLE', `Plugins depend on each other in a cycle: ${names.join(', ')}`, {
        extensions: { plugins: names },
      });
    }
    for (const plugin of ready) {
      ordered.push(plugin);
      placed.add(plugin.definition.name);
    }
    remaining = remaining.filter((plugin) => !placed.has(plugin.definition.name));
  }
  return ordered;
}
