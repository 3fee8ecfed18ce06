export { bundleSandboxedPlugin } from './bundle.ts';
export * from './protocol.ts';
