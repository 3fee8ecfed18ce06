import type { LoadedPlugin } from '../plugin-loader.ts';

/**
 * Runs untrusted plugin packages (an organisation's own installs, untrusted partner packages) out
 * of the API process's authority. The engine lives behind this interface; the composition root
 * takes one optionally, and without it nothing an organisation installs ever runs.
 */
export interface PluginSandbox {
  /** Starts an installed package (its directory, package.json with `mirai.plugin`) sandboxed under `key` (unique per organisation × plugin × version); the result is hosted by PluginHost like any LoadedPlugin. */
  load(packageDir: string, options: { key: string; egressAllow: readonly string[] }): Promise<LoadedPlugin>;
  unload(key: string): Promise<void>;
  close(): Promise<void>;
}
