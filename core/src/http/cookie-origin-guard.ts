import type { FastifyRequest } from 'fastify';
import { MiraiError } from '../errors/mirai-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along on requests another site makes the browser send; SameSite=Lax stops
 * cross-site ones but not those from a sibling subdomain (same site). A state-changing request
 * whose only credential can be a cookie must therefore come from an origin we serve or allow.
 * Bearer tokens and X-Session-Token are never attached by a browser on its own, so those requests,
 * and requests without cookies (server to server, webhooks), pass untouched. Browsers send
 * `Origin` on every cross-origin request and on same-origin POST, PUT, PATCH and DELETE.
 */
export function cookieOriginGuard(allowedOrigins: readonly string[]): (request: FastifyRequest) => Promise<void> {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  return async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.cookie === undefined || request.headers.authorization !== undefined || request.headers['x-session-token'] !== undefined)
      return;
    const origin = request.headers.origin;
    if (origin === undefined || allowed.has(origin)) return;
    throw new MiraiError('MIRAI_ERR_ORIGIN_REFUSED', `Requests from ${origin} may not use this API's cookies; add it to MIRAI_CORS_ORIGINS`, {
      extensions: { origin },
    });
  };
}
