import { definePlugin } from '@mirai/sdk-plugin';
import { createOpenAiProvider, type OpenAiProviderOptions } from './openai-provider.ts';
import { configSchema } from './openai-settings.ts';

export { createOpenAiProvider, type OpenAiProviderOptions, PROVIDER_NAME } from './openai-provider.ts';
export { configSchema, readSettings } from './openai-settings.ts';

/** Builds the plugin; `options` exist for tests (e.g. a shorter back-off). */
export function createOpenAiPlugin(options: Omit<OpenAiProviderOptions, 'logger' | 'fetch'> = {}) {
  return definePlugin({
    name: 'ai-openai',
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: ['ai'],
    configSchema,
    register(context) {
      context.provide('ai', createOpenAiProvider({ ...options, logger: context.logger, fetch: context.egress.fetch }));
    },
  });
}

export default createOpenAiPlugin();
