import { randomUUID } from 'node:crypto';
import { defineHostContract } from '@mirai/sdk-plugin/testing/host-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/test-server.ts';

// The same contract createTestHost passes (sdk-plugin/src/testing/create-test-host.test.ts), here against the real host.
defineHostContract({ describe, it, expect, beforeAll, afterAll }, 'the Mirai server', {
  async start(plugin) {
    const t = await startTestServer({}, { inProcessPlugins: [plugin] });
    const newTenant = () => t.signup(`contract-${randomUUID()}@example.com`);
    return {
      async enable(config) {
        const owner = await newTenant();
        const response = await t.inject({
          method: 'PUT',
          url: `/v1/plugins/${plugin.name}`,
          headers: owner.auth,
          payload: { enabled: true, config },
        });
        if (response.statusCode === 200) return { tenantId: owner.tenantId };
        const errors = response.json<{ errors?: Array<{ field: string }> }>().errors ?? [];
        return { invalidFields: errors.map((e) => e.field.replace('/body/config/', '')) };
      },
      bystander: async () => (await newTenant()).tenantId,
      emit: (event, payload) => t.server.host.events.emit(event, payload),
      async request(method, path, headers) {
        const response = await t.inject({ method, url: `/v1/plugins/${plugin.name}/routes${path}`, headers });
        const lower = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
        return { status: response.statusCode, headers: lower, body: response.body };
      },
      close: () => t.close(),
    };
  },
});
