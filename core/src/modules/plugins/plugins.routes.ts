import { PLUGIN_API_VERSION } from '@mirai/sdk-plugin';
import { Type } from 'typebox';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import { CompatibilityView, ConfigurePluginBody, PluginChange, PluginChangesQuery, PluginParams, PluginView } from './plugins.schemas.ts';
import type { TenantPluginsService } from './tenant-plugins.service.ts';

export async function pluginsRoutes(app: TypedApp, options: { plugins: TenantPluginsService }): Promise<void> {
  const manage = requireAuth(...MANAGER_ROLES);
  const tags = ['plugins'];

  app.get(
    '/v1/plugins',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Plugins installed on this server and their state for the organisation',
        response: { 200: Type.Object({ items: Type.Array(PluginView) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await options.plugins.list(request.em, authOf(request).tenantId) }),
  );

  app.get(
    '/v1/plugins/compatibility',
    {
      preHandler: manage,
      schema: {
        tags,
        summary:
          "Before an upgrade: installed plugins whose engine range excludes a plugin-API version, and this organisation's configs a schema would refuse",
        querystring: Type.Object({
          engine: Type.Optional(
            Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$', maxLength: 40, description: 'Plugin-API version to check; default this server' }),
          ),
        }),
        response: { 200: CompatibilityView, ...problems(400, 401, 403) },
      },
    },
    async (request) => options.plugins.compatibility(request.em, authOf(request).tenantId, request.query.engine ?? PLUGIN_API_VERSION),
  );

  app.put(
    '/v1/plugins/:name',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Enable, disable or configure a plugin for the organisation (endpoints and secrets: owners only)',
        params: PluginParams,
        body: ConfigurePluginBody,
        response: { 200: PluginView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => options.plugins.configure(request.em, authOf(request), request.params.name, request.body),
  );

  app.get(
    '/v1/plugins/changes',
    {
      preHandler: requireAuth('owner'),
      schema: {
        tags,
        summary: "Audit log of the organisation's plugin settings changes, newest first (owners only; field names, never values)",
        querystring: PluginChangesQuery,
        response: { 200: Type.Object({ items: Type.Array(PluginChange) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ items: await options.plugins.changes(request.em, request.query.limit ?? 100) }),
  );
}
