export { loadConfig, type MiraiConfig } from './config/config.ts';
export { CONFIG_VARIABLES } from './config/config-variables.ts';
export { ERROR_CATALOGUE, type ErrorCode } from './errors/error-catalogue.ts';
export { MiraiError } from './errors/mirai-error.ts';
export { createPluginSandbox, createRemoteSandboxEngine, type PluginSandbox } from './plugin-host/sandbox/index.ts';
export { type BuildOptions, buildServer, type MiraiServer } from './server.ts';
