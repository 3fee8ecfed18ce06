import type { JsonValue } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { aiProviderContract } from '@mirai/sdk-plugin/testing/ai-provider-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiPlugin } from './index.ts';
import { reply, startFakeOpenAi } from './testing/fake-openai-server.ts';

aiProviderContract({ describe, it, expect, beforeAll, afterAll }, 'ai-openai against a local Chat Completions server', async () => {
  const server = await startFakeOpenAi();
  const host = await createTestHost(createOpenAiPlugin({ backoff: { baseDelayMs: 1, maxDelayMs: 1_000 } }), { egressAllow: '127.0.0.1' });
  const config = { baseUrl: server.baseUrl, apiKey: 'sk-contract', model: 'contract-model', maxRetries: 0 };
  return {
    ai: host.extension('ai'),
    tenant: (signal) => {
      const context = host.tenant(config);
      return signal === undefined ? context : { ...context, signal };
    },
    script: {
      answerText: (text) => server.queue(reply.answer(text)),
      answerJson: (value: JsonValue) => server.queue(reply.text(JSON.stringify(value))),
      stallAfter: (first) => server.queue(reply.stall(first)),
    },
    teardown: async () => {
      await host.stop();
      await server.close();
    },
  };
});
