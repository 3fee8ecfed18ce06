import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Orm } from '../../db/orm.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { isolate, packageCsp } from '../scorm/content-server.ts';
import type { ContentTokens } from '../scorm/content-tokens.ts';
import { contentTypeOf } from '../scorm/content-types.ts';
import { unsafePathReason } from '../scorm/package-archive.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { cmi5FileKey } from './cmi5-import.service.ts';
import { Cmi5CourseSchema } from './cmi5-records.entity.ts';

/**
 * Serves a cmi5 course's files on the content origin under `/cmi5/<signed token>/`. Their CSP is
 * the SCORM packages' plus a connection to the LRS (`<API origin>/xapi/`, a path prefix: the rest
 * of the API stays out of the AU's reach).
 */
export function cmi5ContentRoutes(options: {
  orm: Orm;
  plugins: TenantPluginsService;
  tokens: ContentTokens;
  appOrigins: readonly string[];
  apiOrigin: string;
}): (app: FastifyInstance) => void {
  const { orm, plugins, tokens } = options;
  const csp = packageCsp(options.appOrigins, `${options.apiOrigin}/xapi/`);
  return (app) => {
    app.get<{ Params: { token: string; '*': string } }>('/cmi5/:token/*', async (request, reply) => {
      const path = request.params['*'];
      if (path === '' || unsafePathReason(path) !== null) return reply.status(404).send('Not found');
      const grant = tokens.verify(request.params.token);
      if (grant === null) return reply.status(404).send('Not found');
      const em = orm.em.fork();
      em.setFilterParams('tenant', { tenantId: grant.tenantId });
      const course = await em.findOne(Cmi5CourseSchema, { id: grant.packageId, tenantId: grant.tenantId });
      if (course === null) return reply.status(404).send('Not found');
      const { storage, tenant } = await tenantStorage(plugins, em, course.tenantId, course.storagePlugin);
      const object = await storage.get(cmi5FileKey(course.id, path), tenant);
      if (object === null) return reply.status(404).send('Not found');
      return isolate(reply, csp).type(contentTypeOf(path)).send(Readable.from(object.body));
    });
  };
}
