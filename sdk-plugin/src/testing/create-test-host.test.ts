import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin-definition.ts';
import { createTestHost, TestHostConfigError } from './create-test-host.ts';
import { defineHostContract } from './host-contract.ts';

defineHostContract({ describe, it, expect, beforeAll, afterAll }, 'createTestHost', {
  async start(plugin) {
    const host = await createTestHost(plugin);
    return {
      async enable(config) {
        try {
          return { tenantId: host.tenant(config, randomUUID()).tenantId };
        } catch (error) {
          if (error instanceof TestHostConfigError) return { invalidFields: error.fields };
          throw error;
        }
      },
      bystander: async () => randomUUID(),
      emit: (event, payload) => host.emit(event, payload),
      async request(method, path, headers) {
        const response = await host.request(method, path, { headers });
        const body = typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body as Uint8Array | undefined);
        const lower = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        return { status: response.status, headers: lower, body };
      },
      close: () => host.stop(),
    };
  },
});

const counter = definePlugin({
  name: 'counter',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: [],
  register(context) {
    context.events.on('course.created', async ({ courseId }) => {
      const seen = await context.state.get('seen');
      await context.state.set('seen', [...(Array.isArray(seen) ? seen : []), courseId]);
    });
    context.http.route({
      method: 'POST',
      path: '/items/*',
      handler: async (request) => ({ status: 202, body: `${request.path}:${new TextDecoder().decode(request.rawBody)}` }),
    });
  },
});

describe('createTestHost', () => {
  it('delivers events to the plugin and keeps its state', async () => {
    const host = await createTestHost(counter);
    host.tenant({}, 't');
    await host.emit('course.created', { tenantId: 't', courseId: 'c1' });
    await host.emit('course.created', { tenantId: 't', courseId: 'c2' });
    expect(host.state.get('seen')).toEqual(['c1', 'c2']);
  });

  it('routes requests by method and wildcard path with the raw body', async () => {
    const host = await createTestHost(counter);
    expect(await host.request('POST', '/items/42', { body: 'hello' })).toEqual({ status: 202, body: '/items/42:hello' });
    expect((await host.request('GET', '/items/42')).status).toBe(404);
  });

  it('enforces ifAbsent like the real state store', async () => {
    const host = await createTestHost(
      definePlugin({
        name: 'once',
        version: '1.0.0',
        engine: '^1.0.0',
        capabilities: [],
        async register(context) {
          await context.state.set('k', 1, { ifAbsent: true });
          await expect(context.state.set('k', 2, { ifAbsent: true })).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_CONFLICT' });
        },
      }),
    );
    expect(host.state.get('k')).toBe(1);
  });

  it('refuses capabilities the plugin did not declare, and invalid definitions', async () => {
    const sneaky = definePlugin({
      name: 'sneaky',
      version: '1.0.0',
      engine: '^1.0.0',
      capabilities: [],
      register: (context) => context.provide('auth', { kind: 'session', resolveSession: async () => null }),
    });
    await expect(createTestHost(sneaky)).rejects.toThrow(/without declaring it/);
    await expect(createTestHost({ ...sneaky, name: 'Bad Name' })).rejects.toThrow(/kebab-case/);
  });
});
