import { definePlugin, type JsonValue } from '@mirai/sdk-plugin';

const json = (body: JsonValue | object) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * Records what the host gives it: events it hears, headers and caller of its routes, and the
 * tenant context and settings its exporter receives.
 */
export default definePlugin({
  name: 'contract-probe',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  configSchema: { type: 'object', properties: { brand: { type: 'string', maxLength: 40 } }, additionalProperties: false },
  register(context) {
    const heard: JsonValue[] = [];
    context.events.on('course.created', (payload) => void heard.push({ event: 'course.created', ...payload }));
    context.events.on('course.published', (payload) => void heard.push({ event: 'course.published', ...payload }));
    context.events.on('tenant.created', (payload) => void heard.push({ event: 'tenant.created', ...payload }));
    context.http.route({ method: 'GET', path: '/heard', handler: async () => json(heard) });
    context.http.route({
      method: 'GET',
      path: '/echo',
      handler: async (request) => json({ headers: request.headers, caller: request.caller ?? null }),
    });
    context.http.route({
      method: 'GET',
      path: '/me',
      auth: 'session',
      handler: async (request) => json({ headers: request.headers, caller: request.caller ?? null }),
    });
    context.provide('exporter', {
      format: 'probe',
      label: 'Contract probe',
      mediaType: 'application/json',
      settingsSchema: {
        type: 'object',
        properties: { level: { type: 'integer', minimum: 1, maximum: 3 }, tone: { type: 'string', enum: ['plain', 'fancy'] } },
        additionalProperties: false,
      },
      fileName: () => 'probe.json',
      async *export(course, options, tenant) {
        yield new TextEncoder().encode(
          JSON.stringify({ courseId: course.id, tenantId: tenant.tenantId, config: tenant.config, settings: options.settings }),
        );
      },
    });
  },
});
