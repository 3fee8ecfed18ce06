import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { JobStreamMessageSchema, JobStreamSubscribedSchema } from '../events/stream-event-catalogue.ts';
import { ProblemSchema } from './common.schemas.ts';

/** OpenAPI 3.1 generated from the route schemas; the web app's client is generated from it. */
export const openApi = fp(
  async (app: FastifyInstance, options: { version: string; publicUrl: string }) => {
    app.addSchema(ProblemSchema);
    // Not in any route's schema: the websocket's messages, so the app's client is generated against them too.
    app.addSchema(JobStreamMessageSchema);
    app.addSchema(JobStreamSubscribedSchema);
    await app.register(swagger, {
      // Shared schemas keep their $id as component name (e.g. `Problem`) instead of `def-0`.
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Mirai API', version: options.version, description: 'Plugin-based LMS core for AI-assisted course creation' },
        servers: [{ url: options.publicUrl }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer' },
            cookie: { type: 'apiKey', in: 'cookie', name: 'mirai_session' },
          },
        },
        security: [{ bearer: [] }, { cookie: [] }],
      },
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'mirai-openapi' },
);
