import type { JsonValue } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { aiProviderContract } from '@mirai/sdk-plugin/testing/ai-provider-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGeminiPlugin } from './index.ts';
import { candidate, reply, startFakeGemini } from './testing/fake-gemini-server.ts';

aiProviderContract({ describe, it, expect, beforeAll, afterAll }, 'ai-gemini against a local Gemini API server', async () => {
  const gemini = await startFakeGemini();
  const host = await createTestHost(createGeminiPlugin({ backoff: { baseDelayMs: 1, maxDelayMs: 1_000 } }), { egressAllow: '127.0.0.1' });
  const config = { apiKey: 'contract-key', baseUrl: gemini.baseUrl, maxRetries: 0 };
  return {
    ai: host.extension('ai'),
    tenant: (signal) => {
      const context = host.tenant(config);
      return signal === undefined ? context : { ...context, signal };
    },
    script: {
      answerText: (text) => gemini.queue(reply.answer(text)),
      answerJson: (value: JsonValue) => gemini.queue(reply.text(JSON.stringify(value))),
      stallAfter: (first) => gemini.queue({ kind: 'sse', steps: [{ data: candidate(first) }, { hang: true }] }),
    },
    teardown: async () => {
      await host.stop();
      await gemini.close();
    },
  };
});
