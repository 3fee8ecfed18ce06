import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Orm } from '../../db/orm.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import type { ContentTokens } from './content-tokens.ts';
import { contentTypeOf } from './content-types.ts';
import { launcherPage } from './launcher-page.ts';
import { unsafePathReason } from './package-archive.ts';
import { packageKey } from './scorm-import.service.ts';
import { scormRecords } from './scorm-records.ts';

const require = createRequire(import.meta.url);
const ASSETS: Record<string, () => string> = {
  'scorm12.js': () => readFileSync(require.resolve('scorm-again/scorm12'), 'utf8'),
  'scorm2004.js': () => readFileSync(require.resolve('scorm-again/scorm2004'), 'utf8'),
  'launcher.js': () => readFileSync(new URL('./launcher/launcher.js', import.meta.url), 'utf8'),
};

/**
 * Third-party packages may run any script, so they get an origin of their own and may reach only
 * it: no connection to the API, framed only by the app (and by the launcher on this origin).
 */
export function packageCsp(appOrigins: readonly string[], lrsEndpoint?: string): string {
  return [
    "default-src 'self' data: blob:",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    // A cmi5 AU may also reach the LRS (a path prefix: the rest of the API stays out of reach).
    lrsEndpoint === undefined ? "connect-src 'self'" : `connect-src 'self' ${lrsEndpoint}`,
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    `frame-ancestors 'self' ${appOrigins.join(' ')}`,
  ].join('; ');
}

function launcherCsp(appOrigins: readonly string[]): string {
  return ["default-src 'none'", "script-src 'self'", "style-src 'unsafe-inline'", "frame-src 'self'", `frame-ancestors ${appOrigins.join(' ')}`].join(
    '; ',
  );
}

export function isolate(reply: FastifyReply, csp: string): FastifyReply {
  return reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', 'private, max-age=300');
}

/**
 * The content origin (MIRAI_CONTENT_ORIGIN): serves imported package files and the SCORM launcher,
 * nothing else. It sets no cookie and reads none; a signed token in the path names the package.
 */
export function buildContentServer(options: {
  orm: Orm;
  plugins: TenantPluginsService;
  tokens: ContentTokens;
  appOrigins: readonly string[];
  /** Routes other kinds of package add (cmi5 AUs), registered after the SCORM ones. */
  extraRoutes?: (app: FastifyInstance) => void;
}): FastifyInstance {
  const { orm, plugins, tokens, appOrigins } = options;
  // The signed token is one path segment of about 130 characters.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 512 } });
  const assets = new Map(Object.entries(ASSETS).map(([name, read]) => [name, read()]));
  const packageOf = async (token: string) => {
    const grant = tokens.verify(token);
    if (grant === null) return null;
    const em = orm.em.fork();
    em.setFilterParams('tenant', { tenantId: grant.tenantId });
    const scormPackage = await scormRecords.packageOfTenant(em, grant.tenantId, grant.packageId);
    return scormPackage === null ? null : { em, scormPackage };
  };

  app.get('/health', async () => ({ status: 'ok' }));

  app.get<{ Params: { name: string } }>('/scorm-launcher-assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (asset === undefined) return reply.status(404).send('Not found');
    return isolate(reply, launcherCsp(appOrigins)).type('text/javascript; charset=utf-8').send(asset);
  });

  app.get<{ Params: { token: string } }>('/scorm-launcher/:token/', async (request, reply) => {
    const found = await packageOf(request.params.token);
    if (found === null) return reply.status(404).send('Not found');
    return isolate(reply, launcherCsp(appOrigins)).type('text/html; charset=utf-8').send(launcherPage(found.scormPackage.version, appOrigins));
  });

  app.get<{ Params: { token: string; '*': string } }>('/scorm/:token/*', async (request, reply) => {
    const path = request.params['*'];
    if (path === '' || unsafePathReason(path) !== null) return reply.status(404).send('Not found');
    const found = await packageOf(request.params.token);
    if (found === null) return reply.status(404).send('Not found');
    const { storage, tenant } = await tenantStorage(plugins, found.em, found.scormPackage.tenantId, found.scormPackage.storagePlugin);
    const object = await storage.get(packageKey(found.scormPackage.id, path), tenant);
    if (object === null) return reply.status(404).send('Not found');
    return isolate(reply, packageCsp(appOrigins)).type(contentTypeOf(path)).send(Readable.from(object.body));
  });

  options.extraRoutes?.(app);
  return app;
}
