import { definePlugin } from '@mirai/sdk-plugin';
import { createGeminiProvider, type GeminiProviderOptions } from './gemini-provider.ts';
import { configSchema } from './gemini-settings.ts';

export { createGeminiProvider, GEMINI_API_VERSION, type GeminiProviderOptions, PROVIDER_NAME } from './gemini-provider.ts';
export { configSchema, GEMINI_MODELS } from './gemini-settings.ts';

/** Builds the plugin; `options` exist for tests (e.g. a shorter back-off). */
export function createGeminiPlugin(options: Omit<GeminiProviderOptions, 'logger' | 'fetch'> = {}) {
  return definePlugin({
    name: 'ai-gemini',
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: ['ai'],
    configSchema,
    register(context) {
      context.provide('ai', createGeminiProvider({ ...options, logger: context.logger, fetch: context.egress.fetch }));
    },
  });
}

export default createGeminiPlugin();
