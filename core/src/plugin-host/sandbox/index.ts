export { createPluginSandbox, type PluginSandbox, type PluginSandboxOptions } from './plugin-sandbox.ts';

/** Where a sandboxed package keeps one organisation's state in `plugin_state`. */
export const sandboxStateNamespace = (packageName: string, tenantId: string) => `${packageName}/${tenantId}`;
