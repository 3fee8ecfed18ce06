import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Orm } from '../db/orm.ts';
import { TENANT_FILTER, type TenantFilterParams } from '../db/orm.ts';
import { MiraiError } from '../errors/mirai-error.ts';
import type { AuthContext } from '../modules/identity/auth-context.ts';
import type { Role } from '../modules/identity/roles.ts';
import type { SessionService } from '../modules/identity/session.service.ts';
import type { Authenticated, CredentialKind, SessionAuthenticator } from '../modules/identity/session-authenticator.ts';
import { UUID_REGEX } from './common.schemas.ts';

export const SESSION_COOKIE = 'mirai_session';
/** Names the organisation a request acts in, for users who belong to several (both session kinds). */
export const ORGANISATION_HEADER = 'x-mirai-organisation';

const FORKED_EM = Symbol('mirai.em');

declare module 'fastify' {
  interface FastifyRequest {
    [FORKED_EM]: EntityManager | null;
    /** A unit of work of this request only; tenant-owned reads are filtered to the caller's tenant. */
    em: EntityManager;
    auth: AuthContext | null;
    /** Why a presented session could not be used (refused, provider down); thrown by `requireAuth`. */
    authFailure: MiraiError | null;
    /** The credential `auth` came from; null when the request is anonymous. The cookie Origin guard decides by it. */
    credential: CredentialKind | null;
  }
}

/** The request's unit of work if something already used it (read through a call: the hook reset it to null before awaiting). */
const forkedSoFar = (request: FastifyRequest): EntityManager | null => request[FORKED_EM];

/** A bearer header wins over the cookie; any other `Authorization` scheme is not a credential here. */
function presentedToken(request: FastifyRequest): { token: string; credential: CredentialKind } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ') === true) return { token: header.slice('Bearer '.length).trim(), credential: 'header' };
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie === undefined ? undefined : { token: cookie, credential: 'cookie' };
}

/** Requires a signed-in caller, and one of `roles` when given. */
export function requireAuth(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function authenticate(this: FastifyInstance, request: FastifyRequest, _reply: FastifyReply) {
    if (request.auth === null) throw request.authFailure ?? new MiraiError('MIRAI_ERR_AUTH_UNAUTHENTICATED', 'Sign in, or send a bearer token');
    if (roles.length > 0 && !roles.includes(request.auth.role))
      throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', `This needs one of the roles ${roles.join(', ')}; you are ${request.auth.role}`);
  };
}

export function authOf(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw request.authFailure ?? new MiraiError('MIRAI_ERR_AUTH_UNAUTHENTICATED');
  return request.auth;
}

/** The organisation the request names, if any; a malformed id is bad input whatever the route. */
function requestedOrganisation(request: FastifyRequest): string | undefined {
  const value = request.headers[ORGANISATION_HEADER];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !UUID_REGEX.test(value))
    throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `The ${ORGANISATION_HEADER} header must be one organisation id (a UUID)`, {
      fieldErrors: [{ field: `/headers/${ORGANISATION_HEADER}`, message: 'must be a UUID' }],
    });
  return value;
}

async function ownSession(request: FastifyRequest, sessions: SessionService, organisationId: string | undefined): Promise<Authenticated | null> {
  const presented = presentedToken(request);
  if (presented === undefined || presented.token === '') return null;
  const auth = await sessions.resolve(() => request.em, presented.token, organisationId);
  return auth === null ? null : { auth, credential: presented.credential };
}

async function providerSession(
  request: FastifyRequest,
  provider: SessionAuthenticator,
  organisationId: string | undefined,
): Promise<Authenticated | null> {
  return provider.authenticate(request.em, request.headers, organisationId);
}

/** Resolves the caller; a credential that cannot be used here becomes the request's `authFailure`. */
async function caller(resolve: () => Promise<Authenticated | null>, request: FastifyRequest): Promise<Authenticated | null> {
  try {
    return await resolve();
  } catch (error) {
    if (!(error instanceof MiraiError)) throw error;
    request.authFailure = error;
    return null;
  }
}

/**
 * Gives every request its own EntityManager and resolves its session before any handler runs:
 * the core's own (cookie or bearer) with a password provider, else the session provider's (e.g.
 * a Kratos cookie or session token). A bad or expired credential leaves the request anonymous;
 * routes that need a caller say so with `requireAuth`, which also reports a refused session or
 * an unreachable provider. `X-Mirai-Organisation` picks which of the user's organisations it acts in.
 */
export const requestScope = fp(
  async (app: FastifyInstance, options: { orm: Orm; sessions: SessionService; sessionProvider?: SessionAuthenticator | null }) => {
    // The unit of work is created on first use: a request answered from the identity cache
    // (GET /v1/me) never needs one, and forking one costs more than the rest of such a request.
    app.decorateRequest(FORKED_EM, null);
    app.decorateRequest('em', {
      getter(this: FastifyRequest) {
        let em = this[FORKED_EM];
        if (em === null) {
          em = options.orm.em.fork() as EntityManager;
          if (this.auth !== null) em.setFilterParams(TENANT_FILTER, { tenantId: this.auth.tenantId } satisfies TenantFilterParams);
          this[FORKED_EM] = em;
        }
        return em;
      },
    });
    app.decorateRequest('auth', null);
    app.decorateRequest('authFailure', null);
    app.decorateRequest('credential', null);
    app.addHook('onRequest', async (request) => {
      request[FORKED_EM] = null;
      request.auth = null;
      request.authFailure = null;
      request.credential = null;
      const { sessionProvider } = options;
      const organisationId = requestedOrganisation(request);
      const authenticated = await caller(
        () =>
          sessionProvider === undefined || sessionProvider === null
            ? ownSession(request, options.sessions, organisationId)
            : providerSession(request, sessionProvider, organisationId),
        request,
      );
      if (authenticated === null) return;
      request.auth = authenticated.auth;
      request.credential = authenticated.credential;
      // Resolving the caller may have forked the unit of work already (a cache miss): scope it now.
      forkedSoFar(request)?.setFilterParams(TENANT_FILTER, { tenantId: authenticated.auth.tenantId } satisfies TenantFilterParams);
    });
  },
  { name: 'mirai-request-scope', dependencies: ['@fastify/cookie'] },
);
