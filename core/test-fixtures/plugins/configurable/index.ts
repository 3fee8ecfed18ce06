import { definePlugin } from '@mirai/sdk-plugin';

/** A plugin with a secret and a validated field, for the per-tenant configuration tests. */
export default definePlugin({
  name: 'configurable',
  version: '1.2.3',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  configSchema: {
    type: 'object',
    required: ['apiKey', 'model'],
    additionalProperties: false,
    properties: {
      apiKey: { type: 'string', minLength: 8, writeOnly: true },
      model: { type: 'string', enum: ['small', 'large'] },
    },
  },
  register(context) {
    context.provide('exporter', {
      format: 'plain-text',
      label: 'Plain text',
      mediaType: 'text/plain',
      fileName: (course) => `${course.id}.txt`,
      async *export(course) {
        yield new TextEncoder().encode(course.title);
      },
    });
    context.http.route({
      method: 'POST',
      path: '/echo',
      handler: async (request) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: request.rawBody }),
    });
  },
});
