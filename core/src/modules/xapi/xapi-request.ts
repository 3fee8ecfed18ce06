import type { FastifyReply, FastifyRequest } from 'fastify';
import { TENANT_FILTER, type TenantFilterParams } from '../../db/orm.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { XapiCaller, XapiCredentialsService } from './xapi-credentials.service.ts';

/** The xAPI version this LRS implements, sent on every response. */
export const XAPI_VERSION = '1.0.3';
const VERSION_HEADER = 'x-experience-api-version';

const EXPOSED_HEADERS = 'ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through';

const callers = new WeakMap<FastifyRequest, XapiCaller>();

/** Every xAPI response names the version; every request but About's must name a 1.0.x version. */
export async function xapiVersion(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('X-Experience-API-Version', XAPI_VERSION);
  // Browser clients on an allowed origin (MIRAI_CORS_ORIGINS) read ETags for document concurrency and the consistency mark.
  reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (request.method === 'OPTIONS' || request.url.startsWith('/xapi/about')) return;
  const version = request.headers[VERSION_HEADER];
  if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version.trim()))
    throw new MiraiError('MIRAI_ERR_XAPI_VERSION_UNSUPPORTED', `Send X-Experience-API-Version: ${XAPI_VERSION} (got ${String(version ?? 'none')})`);
}

/**
 * Authenticates by the organisation's Basic credentials (not by Mirai sessions: xAPI clients are
 * not signed-in users) and scopes the request's unit of work to that organisation.
 */
export function xapiAuth(credentials: XapiCredentialsService): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const caller = await credentials.verify(request.em, request.headers.authorization);
    if (caller === null) {
      reply.header('WWW-Authenticate', 'Basic realm="Mirai xAPI"');
      throw new MiraiError('MIRAI_ERR_XAPI_UNAUTHENTICATED');
    }
    request.em.setFilterParams(TENANT_FILTER, { tenantId: caller.tenantId } satisfies TenantFilterParams);
    callers.set(request, caller);
  };
}

export function xapiCallerOf(request: FastifyRequest): XapiCaller {
  const caller = callers.get(request);
  if (caller === undefined) throw new MiraiError('MIRAI_ERR_XAPI_UNAUTHENTICATED');
  return caller;
}

/** Refuses a registration-scoped caller (a cmi5 launch) anything outside its registration and learner. */
export function assertInScope(caller: XapiCaller, wanted: { registration?: string | null; agentKey?: string }): void {
  const { scope } = caller;
  if (scope === undefined) return;
  if (wanted.registration !== undefined && (wanted.registration ?? '').toLowerCase() !== scope.registration)
    throw new MiraiError('MIRAI_ERR_XAPI_OUT_OF_SCOPE', `This credential reaches registration ${scope.registration} only`);
  if (wanted.agentKey !== undefined && wanted.agentKey !== scope.agentKey)
    throw new MiraiError('MIRAI_ERR_XAPI_OUT_OF_SCOPE', "This credential reaches the launched learner's documents only");
}
