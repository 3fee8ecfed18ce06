import type { PluginDefinition } from '@mirai/sdk-plugin';
import type { PluginSource } from './plugin-discovery.ts';

/** A plugin ready for the host: imported in process or started in the sandbox (kept apart so the sandbox need not import the loader). */
export interface LoadedPlugin {
  definition: PluginDefinition;
  source: PluginSource;
  packageName: string;
  dir: string;
  /** Runs in the workerd sandbox (untrusted partner package), not in this process. */
  sandboxed?: boolean;
}
