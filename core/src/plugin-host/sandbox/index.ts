export { createPluginSandbox, type PluginSandbox, type PluginSandboxOptions } from './plugin-sandbox.ts';
export { createRemoteSandboxEngine } from './remote-sandbox-engine.ts';
export { createSandboxEngine, type SandboxEngine } from './sandbox-engine.ts';
