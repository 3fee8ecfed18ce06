import { createTestHost } from '@mirai/sdk-plugin/testing';
import { aiProviderContract } from '@mirai/sdk-plugin/testing/ai-provider-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.ts';

aiProviderContract({ describe, it, expect, beforeAll, afterAll }, 'ai-offline', async () => {
  const host = await createTestHost(plugin);
  return {
    ai: host.extension('ai'),
    tenant: (signal) => {
      const context = host.tenant({});
      return signal === undefined ? context : { ...context, signal };
    },
    teardown: () => host.stop(),
  };
});
