import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin-definition.ts';
import { createTestHost } from './create-test-host.ts';

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
