import { Readable } from 'node:stream';
import { matchRoutePath, type PluginHttpRequest, type PluginHttpResponse, STRIPPED_ROUTE_HEADERS } from '@mirai/sdk-plugin';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { MiraiError } from '../errors/mirai-error.ts';
import { problems } from '../http/common.schemas.ts';
import type { TypedApp } from '../http/typed-app.ts';
import type { PluginHost } from './plugin-host.ts';

/**
 * Serves the routes plugins declared through `context.http`, under
 * `/v1/plugins/:name/routes/*`, with the raw body so webhook signatures can be checked.
 */
export interface PluginRoutesOptions {
  host: PluginHost;
  /** Whether the organisation enabled the plugin; `session` routes of other plugins answer 404. */
  isEnabledFor: (plugin: string, tenantId: string) => Promise<boolean>;
}

/** Who calls a `session` route, or a coded 401/404; never the caller's credentials themselves. */
async function sessionCaller(request: FastifyRequest, plugin: string, options: PluginRoutesOptions): Promise<PluginHttpRequest['caller']> {
  if (request.auth === null) throw request.authFailure ?? new MiraiError('MIRAI_ERR_AUTH_UNAUTHENTICATED', 'Sign in, or send a bearer token');
  const { userId, tenantId, role } = request.auth;
  if (!(await options.isEnabledFor(plugin, tenantId)))
    throw new MiraiError('MIRAI_ERR_ROUTE_NOT_FOUND', `Plugin "${plugin}" is not enabled for this organisation`);
  return { userId, tenantId, role };
}

export async function pluginRoutes(app: TypedApp, options: PluginRoutesOptions): Promise<void> {
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
      response: { ...problems(401, 404, 413), default: Type.Unknown({ description: 'Whatever the plugin answers' }) },
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
      const caller = route.auth === 'session' ? await sessionCaller(request, request.params.name, options) : undefined;
      const headers = Object.fromEntries(
        Object.entries(request.headers)
          .filter(([key]) => !STRIPPED_ROUTE_HEADERS.includes(key))
          .map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : value]),
      );
      const query = Object.fromEntries(new URL(request.url, 'http://local').searchParams);
      const input: PluginHttpRequest = { method: request.method, path, query, headers, rawBody: new Uint8Array(raw) };
      const response: PluginHttpResponse = await route.handler(caller === undefined ? input : { ...input, caller });
      reply.status(response.status).headers(response.headers ?? {});
      const { body } = response;
      if (body === undefined) return reply.send();
      if (typeof body === 'string') return reply.send(body);
      return reply.send(body instanceof Uint8Array ? Buffer.from(body) : Readable.from(body));
    },
  });
}
