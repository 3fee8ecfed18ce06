import { Readable } from 'node:stream';
import { matchRoutePath, type PluginHttpResponse } from '@mirai/sdk-plugin';
import { Type } from 'typebox';
import { MiraiError } from '../errors/mirai-error.ts';
import { problems } from '../http/common.schemas.ts';
import type { TypedApp } from '../http/typed-app.ts';
import type { PluginHost } from './plugin-host.ts';

/**
 * Serves the routes plugins declared through `context.http`, under
 * `/v1/plugins/:name/routes/*`, with the raw body so webhook signatures can be checked.
 */
export async function pluginRoutes(app: TypedApp, options: { host: PluginHost }): Promise<void> {
  // One Fastify route serves every plugin route, so it admits the largest body any of them
  // declared (storage-fs uploads); each route's own limit is checked in the handler.
  const declared = options.host.list().flatMap((plugin) => options.host.routes(plugin.definition.name).map((route) => route.bodyLimit ?? 0));
  const bodyLimit = Math.max(1_048_576, ...declared);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: '/v1/plugins/:name/routes/*',
    schema: {
      tags: ['plugins'],
      summary: 'Routes served by a plugin (webhooks, signed URLs)',
      params: Type.Object({ name: Type.String({ maxLength: 100 }), '*': Type.String({ maxLength: 2048 }) }),
      response: { ...problems(404, 413), default: Type.Unknown({ description: 'Whatever the plugin answers' }) },
    },
    bodyLimit,
    handler: async (request, reply) => {
      const path = `/${request.params['*']}`;
      const route = options.host
        .routes(request.params.name)
        .find((candidate) => candidate.method === request.method && matchRoutePath(candidate.path, path));
      if (route === undefined)
        throw new MiraiError('MIRAI_ERR_ROUTE_NOT_FOUND', `Plugin "${request.params.name}" serves no ${request.method} ${path}`);
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (raw.length > (route.bodyLimit ?? 1_048_576)) throw new MiraiError('MIRAI_ERR_REQUEST_TOO_LARGE');
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : value]),
      );
      const query = Object.fromEntries(new URL(request.url, 'http://local').searchParams);
      const response: PluginHttpResponse = await route.handler({ method: request.method, path, query, headers, rawBody: new Uint8Array(raw) });
      reply.status(response.status).headers(response.headers ?? {});
      const { body } = response;
      if (body === undefined) return reply.send();
      if (typeof body === 'string') return reply.send(body);
      return reply.send(body instanceof Uint8Array ? Buffer.from(body) : Readable.from(body));
    },
  });
}
