import { definePlugin } from '@mirai/sdk-plugin';
import { createOfflineProvider } from './offline-provider.ts';

export { chunkDelay, createOfflineProvider, estimateTokens, MODEL_NAME, PROVIDER_LABEL, PROVIDER_NAME } from './offline-provider.ts';

export default definePlugin({
  name: 'ai-offline',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['ai'],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      chunkDelayMs: {
        type: 'integer',
        minimum: 0,
        maximum: 1000,
        default: 0,
        description: 'Pause between streamed pieces of text, in milliseconds (0: just yield to the event loop)',
      },
    },
  },
  register(context) {
    context.provide('ai', createOfflineProvider());
  },
});
