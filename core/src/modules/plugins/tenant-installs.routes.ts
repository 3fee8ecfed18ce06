import { Type } from 'typebox';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { PluginParams } from './plugins.schemas.ts';
import { CatalogueEntryView, InstallBody, InstallView, ReportQuery, UpgradeBody, VersionReportView } from './tenant-installs.schemas.ts';
import type { TenantInstallsService } from './tenant-installs.service.ts';

/** The operator's plugin catalogue and the organisation's own installs (owners only; installs run sandboxed). */
export async function tenantInstallsRoutes(app: TypedApp, options: { installs: TenantInstallsService }): Promise<void> {
  const owner = requireAuth('owner');
  const tags = ['plugins'];
  const { installs } = options;
  app.get(
    '/v1/plugin-catalogue',
    {
      preHandler: owner,
      schema: {
        tags,
        summary: "The operator's catalogue of plugin packages an organisation may install for itself",
        response: { 200: Type.Object({ items: Type.Array(CatalogueEntryView) }), ...problems(401, 403, 502) },
      },
    },
    async (request) => ({ items: await installs.catalogue(request.em) }),
  );
  app.get(
    '/v1/plugin-catalogue/report',
    {
      preHandler: owner,
      schema: {
        tags,
        summary:
          "Before installing or upgrading: a version's compatibility with this server and the organisation's settings, and the hosts it reaches",
        querystring: ReportQuery,
        response: { 200: VersionReportView, ...problems(400, 401, 403, 404, 422, 502, 503) },
      },
    },
    async (request) => installs.report(request.em, authOf(request).tenantId, request.query.package, request.query.version),
  );
  app.get(
    '/v1/plugin-installs',
    {
      preHandler: owner,
      schema: {
        tags,
        summary: 'Plugins the organisation installed for itself',
        response: { 200: Type.Object({ items: Type.Array(InstallView) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await installs.installs(request.em) }),
  );
  app.post(
    '/v1/plugin-installs',
    {
      preHandler: owner,
      schema: {
        tags,
        summary: 'Install a catalogue package for this organisation only (verified, run sandboxed, disabled until configured)',
        body: InstallBody,
        response: { 201: InstallView, ...problems(400, 401, 403, 404, 409, 422, 502, 503) },
      },
    },
    async (request, reply) => reply.status(201).send(await installs.install(request.em, authOf(request), request.body)),
  );
  app.put(
    '/v1/plugin-installs/:name',
    {
      preHandler: owner,
      schema: {
        tags,
        summary: 'Upgrade (or downgrade) the organisation’s plugin to another version after reading its compatibility report',
        params: PluginParams,
        body: UpgradeBody,
        response: { 200: InstallView, ...problems(400, 401, 403, 404, 409, 422, 502, 503) },
      },
    },
    async (request) => installs.upgrade(request.em, authOf(request), request.params.name, request.body),
  );
  app.delete(
    '/v1/plugin-installs/:name',
    {
      preHandler: owner,
      schema: {
        tags,
        summary: 'Uninstall the organisation’s plugin: it stops, and its settings, secrets and state are removed',
        params: PluginParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      await installs.uninstall(request.em, authOf(request), request.params.name);
      return reply.status(204).send(null);
    },
  );
}
