export { createPluginSandbox, type PluginSandbox, type PluginSandboxOptions } from './plugin-sandbox.ts';
