import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Orm } from '../db/orm.ts';
import { TENANT_FILTER, type TenantFilterParams } from '../db/orm.ts';
import { MiraiError } from '../errors/mirai-error.ts';
import type { AuthContext } from '../modules/identity/auth-context.ts';
import type { Role } from '../modules/identity/roles.ts';
import type { SessionService } from '../modules/identity/session.service.ts';

export const SESSION_COOKIE = 'mirai_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** A unit of work of this request only; tenant-owned reads are filtered to the caller's tenant. */
    em: EntityManager;
    auth: AuthContext | null;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ') === true) return header.slice('Bearer '.length).trim();
  return request.cookies[SESSION_COOKIE];
}

/** Requires a signed-in caller, and one of `roles` when given. */
export function requireAuth(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function authenticate(this: FastifyInstance, request: FastifyRequest, _reply: FastifyReply) {
    if (request.auth === null) throw new MiraiError('MIRAI_ERR_AUTH_UNAUTHENTICATED', 'Sign in, or send a bearer token');
    if (roles.length > 0 && !roles.includes(request.auth.role))
      throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', `This needs one of the roles ${roles.join(', ')}; you are ${request.auth.role}`);
  };
}

export function authOf(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new MiraiError('MIRAI_ERR_AUTH_UNAUTHENTICATED');
  return request.auth;
}

/**
 * Gives every request its own EntityManager and resolves its session (cookie or bearer) before
 * any handler runs. A bad or expired token leaves the request anonymous; routes that need a
 * caller say so with `requireAuth`.
 */
export const requestScope = fp(
  async (app: FastifyInstance, options: { orm: Orm; sessions: SessionService }) => {
    app.decorateRequest('em', null as unknown as EntityManager);
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      request.em = options.orm.em.fork() as EntityManager;
      request.auth = null;
      const token = bearerToken(request);
      if (token === undefined || token === '') return;
      const auth = await options.sessions.resolve(request.em, token);
      if (auth === null) return;
      request.auth = auth;
      request.em.setFilterParams(TENANT_FILTER, { tenantId: auth.tenantId } satisfies TenantFilterParams);
    });
  },
  { name: 'mirai-request-scope', dependencies: ['@fastify/cookie'] },
);
